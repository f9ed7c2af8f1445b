<#
.SYNOPSIS
    Builds, tests and demonstrates the FalStorage module.

.DESCRIPTION
    Build   : dotnet build of FalStorage.sln; the importable module lands in out/FalStorage/.
    Test    : dotnet test of the solution, then, where Pester 5 is installed, the Pester suite
              tests/FalStorage.Tests.ps1 against a local emulator.
    Demo    : builds, starts the local fal Storage emulator on a free loopback port, uploads the
              sample media in samples/ (not the runbook script beside them) through the module, checks each one is
              served back byte for byte, emits the FalAsset objects, and stops the emulator.
    Package : builds, then writes out/FalStorage.<version>.nupkg (the package Publish-Module would
              make, for the PowerShell Gallery) and out/FalStorage.zip (for Azure Automation's
              module import), and emits both files.

    This script uses only what the PowerShell engine itself provides: the language, the core
    cmdlets (ForEach-Object, Where-Object, Import-Module, Test-ModuleManifest, ...), .NET calls
    and native commands such as dotnet. No Microsoft.PowerShell.Utility or .Management cmdlets
    (Write-Host, Get-ChildItem, Start-Process, Compress-Archive, ...): the project's tests run the
    Demo and Package tasks on an engine hosted inside the test process, where those modules do
    not exist. It runs on Windows PowerShell 5.1 too.

.EXAMPLE
    pwsh ./build.ps1 -Task Demo

.EXAMPLE
    pwsh ./build.ps1 -Task Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Package')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$solution = [System.IO.Path]::Combine($PSScriptRoot, 'FalStorage.sln')
$moduleFolder = [System.IO.Path]::Combine($PSScriptRoot, 'out', 'FalStorage')

# Windows PowerShell 5.1 does not load these framework assemblies by itself (and Add-Type is not an engine cmdlet).
if ($PSVersionTable.PSEdition -eq 'Desktop') {
    foreach ($assembly in 'System.Net.Http, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a',
        'System.IO.Compression, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089') {
        [void][System.Reflection.Assembly]::Load($assembly)
    }
}

# Write-Host's own mechanism (an information record tagged PSHOST), without the Utility module.
function Write-BuildStep([string] $Message) {
    $PSCmdlet.WriteInformation([System.Management.Automation.HostInformationMessage]@{ Message = "==> $Message" }, [string[]] 'PSHOST')
}

function Invoke-Dotnet {
    & dotnet @args | ForEach-Object { Write-BuildStep "    $_" }
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE." }
}

function Get-FreeLoopbackPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Start-Emulator([string] $DataFolder, [string] $Key) {
    $port = Get-FreeLoopbackPort
    $endpoint = "http://127.0.0.1:$port"
    $dll = [System.IO.Path]::Combine($PSScriptRoot, 'src', 'FalStorage.Emulator', 'bin', $Configuration, 'net10.0', 'FalStorage.Emulator.dll')
    # Arguments as one quoted string: .NET Framework (Windows PowerShell 5.1) has no ArgumentList.
    $arguments = @($dll, '--urls', $endpoint, '--key', $Key, '--data', $DataFolder) | ForEach-Object { '"{0}"' -f $_ }
    $startInfo = [System.Diagnostics.ProcessStartInfo]::new('dotnet', $arguments -join ' ')
    $startInfo.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($startInfo)

    $http = [System.Net.Http.HttpClient]::new()
    try {
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ($true) {
            if ($process.HasExited) { throw "The emulator exited with code $($process.ExitCode) before it was ready." }
            try {
                if ($http.GetAsync("$endpoint/health").GetAwaiter().GetResult().IsSuccessStatusCode) { break }
            }
            catch [System.Net.Http.HttpRequestException] {
                # Not listening yet.
            }
            if ([DateTime]::UtcNow -gt $deadline) { throw "The emulator did not answer on $endpoint/health within 60 seconds." }
            [System.Threading.Thread]::Sleep(200)
        }
    }
    finally { $http.Dispose() }

    [pscustomobject]@{ Process = $process; Endpoint = $endpoint }
}

function Get-Sha256([byte[]] $Bytes) {
    $sha = [System.Security.Cryptography.SHA256]::Create()
    try { [System.BitConverter]::ToString($sha.ComputeHash($Bytes)) } finally { $sha.Dispose() }
}

# Runs $Script with a fresh emulator on a free port: $args[0] is its endpoint, $args[1] a throwaway
# key that it accepts and nothing else does. The emulator and its data are gone afterwards.
function Invoke-WithEmulator([scriptblock] $Script) {
    $dataFolder = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'falstorage-build-' + [guid]::NewGuid().ToString('N'))
    $key = 'build-' + [guid]::NewGuid().ToString('N')
    Write-BuildStep "Starting the local fal Storage emulator (data in $dataFolder)"
    $emulator = Start-Emulator -DataFolder $dataFolder -Key $key
    try {
        & $Script $emulator.Endpoint $key
    }
    finally {
        $emulator.Process.Kill()
        $emulator.Process.WaitForExit()
        [System.IO.Directory]::Delete($dataFolder, $true)
        Write-BuildStep 'Emulator stopped'
    }
}

function Invoke-Demo {
    Invoke-Dotnet build $solution -c $Configuration --nologo -v quiet
    Invoke-WithEmulator {
        param([string] $Endpoint, [string] $Key)
        Import-Module ([System.IO.Path]::Combine($moduleFolder, 'FalStorage.psd1')) -Force
        $session = Connect-FalStorage -Endpoint $Endpoint -Key $Key
        Write-BuildStep "Connected to $($session.Endpoint); uploading the files in samples/"

        # Get-ChildItem samples -File | Send-FalAsset, with the engine's own Get-ChildItem: the media only,
        # not the runbook script beside them.
        $samples = $ExecutionContext.InvokeProvider.ChildItem.Get([System.IO.Path]::Combine($PSScriptRoot, 'samples'), $false)
        $assets = @($samples | Where-Object { -not $_.PSIsContainer -and $_.Extension -ne '.ps1' } | Send-FalAsset)

        $http = [System.Net.Http.HttpClient]::new()
        try {
            foreach ($asset in $assets) {
                $served = $http.GetByteArrayAsync($asset.FileUrl).GetAwaiter().GetResult()
                if ((Get-Sha256 $served) -ne (Get-Sha256 ([System.IO.File]::ReadAllBytes($asset.SourcePath)))) {
                    throw "$($asset.FileUrl) does not serve the bytes of $($asset.SourcePath)."
                }
            }
        }
        finally { $http.Dispose() }

        Write-BuildStep "$($assets.Count) files uploaded; each is served back byte for byte"
        $assets
    }
}

# xunit, then the Pester 5 suite where Pester 5 is installed (it runs on a real pwsh or Windows
# PowerShell, with the real Get-ChildItem, against an emulator started here).
function Invoke-Test {
    Invoke-Dotnet test $solution -c $Configuration --nologo
    if (-not (Get-Module -ListAvailable -Name Pester | Where-Object { $_.Version.Major -ge 5 })) {
        Write-BuildStep 'Pester 5 is not installed: tests/FalStorage.Tests.ps1 skipped (Install-Module Pester -MinimumVersion 5.0 runs it here too)'
        return
    }

    Import-Module -Name Pester -MinimumVersion 5.0
    Invoke-WithEmulator {
        param([string] $Endpoint, [string] $Key)
        $configuration = New-PesterConfiguration
        $configuration.Run.Container = New-PesterContainer -Path ([System.IO.Path]::Combine($PSScriptRoot, 'tests', 'FalStorage.Tests.ps1')) -Data @{ Endpoint = $Endpoint; Key = $Key }
        $configuration.Run.PassThru = $true
        $configuration.Output.Verbosity = 'Detailed'
        $result = Invoke-Pester -Configuration $configuration
        if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester test(s) failed." }
    }
}

# The tags PowerShellGet's Publish-Module adds to the manifest's own: the Gallery's filters by
# kind, command and edition read them.
function Get-GalleryTag([System.Management.Automation.PSModuleInfo] $Module) {
    $tags = [System.Collections.Generic.List[string]]::new()
    $candidates = @($Module.Tags) + 'PSModule' + @($Module.CompatiblePSEditions | ForEach-Object { "PSEdition_$_" }) +
        'PSIncludes_Cmdlet' + @($Module.ExportedCmdlets.Keys | ForEach-Object { "PSCmdlet_$_"; "PSCommand_$_" })
    foreach ($tag in $candidates) {
        if ($tags -notcontains $tag) { $tags.Add($tag) }
    }
    $tags
}

function ConvertTo-XmlText([object] $Value) { [System.Security.SecurityElement]::Escape([string] $Value) }

# The nuspec as Publish-Module writes it from the manifest.
function New-Nuspec([System.Management.Automation.PSModuleInfo] $Module) {
    @"
<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2011/08/nuspec.xsd">
  <metadata>
    <id>$(ConvertTo-XmlText $Module.Name)</id>
    <version>$(ConvertTo-XmlText $Module.Version)</version>
    <authors>$(ConvertTo-XmlText $Module.Author)</authors>
    <owners>$(ConvertTo-XmlText $Module.CompanyName)</owners>
    <description>$(ConvertTo-XmlText $Module.Description)</description>
    <releaseNotes>$(ConvertTo-XmlText $Module.ReleaseNotes)</releaseNotes>
    <requireLicenseAcceptance>false</requireLicenseAcceptance>
    <copyright>$(ConvertTo-XmlText $Module.Copyright)</copyright>
    <tags>$(ConvertTo-XmlText ((Get-GalleryTag $Module) -join ' '))</tags>
    <licenseUrl>$(ConvertTo-XmlText $Module.LicenseUri)</licenseUrl>
    <projectUrl>$(ConvertTo-XmlText $Module.ProjectUri)</projectUrl>
  </metadata>
</package>
"@
}

# The Open Packaging Conventions parts that nuget pack adds beside the nuspec and the files: the
# content type of every extension, the relationships that point at the nuspec, the core properties.
function Add-NupkgPart([System.Collections.IDictionary] $Entries, [System.Management.Automation.PSModuleInfo] $Module) {
    $extensions = [System.Collections.Generic.SortedSet[string]]::new([System.StringComparer]::OrdinalIgnoreCase)
    foreach ($name in $Entries.Keys) {
        $extension = [System.IO.Path]::GetExtension($name).TrimStart('.')
        if ($extension) { [void] $extensions.Add($extension) }
    }
    $coreProperties = "package/services/metadata/core-properties/$(New-PartId).psmdcp"

    $Entries['[Content_Types].xml'] = @"
<?xml version="1.0" encoding="utf-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />
  <Default Extension="psmdcp" ContentType="application/vnd.openxmlformats-package.core-properties+xml" />
$(@($extensions | ForEach-Object { "  <Default Extension=`"$_`" ContentType=`"application/octet`" />" }) -join "`n")
</Types>
"@
    $Entries['_rels/.rels'] = @"
<?xml version="1.0" encoding="utf-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Type="http://schemas.microsoft.com/packaging/2010/07/manifest" Target="/$($Module.Name).nuspec" Id="R$(New-PartId)" />
  <Relationship Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="/$coreProperties" Id="R$(New-PartId)" />
</Relationships>
"@
    $Entries[$coreProperties] = @"
<?xml version="1.0" encoding="utf-8"?>
<coreProperties xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns="http://schemas.openxmlformats.org/package/2006/metadata/core-properties">
  <dc:creator>$(ConvertTo-XmlText $Module.Author)</dc:creator>
  <dc:description>$(ConvertTo-XmlText $Module.Description)</dc:description>
  <dc:identifier>$(ConvertTo-XmlText $Module.Name)</dc:identifier>
  <version>$($Module.Version)</version>
  <keywords>$(ConvertTo-XmlText ((Get-GalleryTag $Module) -join ' '))</keywords>
</coreProperties>
"@
}

function New-PartId { [guid]::NewGuid().ToString('N') }

# Writes a zip file; each entry's value is a file to copy (FileInfo) or a text to write as UTF-8.
function New-ZipFile([string] $Path, [System.Collections.IDictionary] $Entries) {
    $stream = [System.IO.File]::Create($Path)
    $archive = [System.IO.Compression.ZipArchive]::new($stream, [System.IO.Compression.ZipArchiveMode]::Create)
    try {
        foreach ($name in $Entries.Keys) {
            $content = $Entries[$name]
            $entryStream = $archive.CreateEntry($name, [System.IO.Compression.CompressionLevel]::Optimal).Open()
            try {
                if ($content -is [System.IO.FileInfo]) {
                    $source = $content.OpenRead()
                    try { $source.CopyTo($entryStream) } finally { $source.Dispose() }
                }
                else {
                    $bytes = [System.Text.UTF8Encoding]::new($false).GetBytes([string] $content)
                    $entryStream.Write($bytes, 0, $bytes.Length)
                }
            }
            finally { $entryStream.Dispose() }
        }
    }
    finally {
        $archive.Dispose()
        $stream.Dispose()
    }
    [System.IO.FileInfo]::new($Path)
}

function Invoke-Package {
    Invoke-Dotnet build $solution -c $Configuration --nologo -v quiet
    $module = Test-ModuleManifest -Path ([System.IO.Path]::Combine($moduleFolder, 'FalStorage.psd1'))

    # The module's files by their path inside the module folder, with '/' as zip entries want.
    $files = [ordered]@{}
    foreach ($file in [System.IO.Directory]::GetFiles($moduleFolder, '*', [System.IO.SearchOption]::AllDirectories) | ForEach-Object { [System.IO.FileInfo]::new($_) }) {
        $files[$file.FullName.Substring($moduleFolder.Length + 1).Replace('\', '/')] = $file
    }

    # What Publish-Module uploads to the Gallery: the nuspec and the module's files at the package root.
    $nupkgEntries = [ordered]@{ "$($module.Name).nuspec" = New-Nuspec $module }
    foreach ($name in $files.Keys) { $nupkgEntries[$name] = $files[$name] }
    Add-NupkgPart $nupkgEntries $module
    New-ZipFile -Path ([System.IO.Path]::Combine($PSScriptRoot, 'out', "$($module.Name).$($module.Version).nupkg")) -Entries $nupkgEntries

    # Azure Automation imports a zip whose top folder is named after the module, and refuses paths of 140 characters or more.
    $zipEntries = [ordered]@{}
    foreach ($name in $files.Keys) { $zipEntries["$($module.Name)/$name"] = $files[$name] }
    $tooLong = @($zipEntries.Keys | Where-Object { $_.Length -ge 140 })
    if ($tooLong) { throw "Azure Automation refuses paths of 140 characters or more: $($tooLong -join ', ')" }
    New-ZipFile -Path ([System.IO.Path]::Combine($PSScriptRoot, 'out', "$($module.Name).zip")) -Entries $zipEntries

    Write-BuildStep "Packaged $($module.Name) $($module.Version) in out/"
}

switch ($Task) {
    'Build' { Invoke-Dotnet build $solution -c $Configuration --nologo }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Package' { Invoke-Package }
}
