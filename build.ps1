<#
.SYNOPSIS
    Builds, tests, demonstrates and packages the FalStorage module.

.DESCRIPTION
    Build   : dotnet build of FalStorage.sln; the importable module lands in out/FalStorage/.
    Test    : dotnet test of the solution, which is README's test command: the xunit tests and the Pester suite
              (tests/*.Tests.ps1, on the real shell, with the Pester that NuGet restores). Under Windows PowerShell
              5.1 the Pester suite runs on Windows PowerShell 5.1.
    Demo    : builds, starts the local fal Storage emulator, uploads the media in samples/ with Send-FalAsset,
              shows the FalAsset objects while the emulator still serves them, checks that each URL serves its
              file's bytes, and stops the emulator.
    Package : builds, then writes, with PSResourceGet's Compress-PSResource, the nupkg that the PowerShell Gallery
              takes (FalStorage.<version>.nupkg), and FalStorage.zip for Azure Automation's module import.

    Runs on PowerShell 7 and, for Build, Test and Package, on Windows PowerShell 5.1.

.PARAMETER Task
    What to do; Build by default.

.PARAMETER Configuration
    The dotnet build configuration; Release by default.

.PARAMETER OutputPath
    Where Package writes its two files; out/ by default.

.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Demo

.EXAMPLE
    ./build.ps1 -Task Package -OutputPath ./artifacts
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Package')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [string] $OutputPath = (Join-Path -Path $PSScriptRoot -ChildPath 'out')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$solution = Join-Path -Path $PSScriptRoot -ChildPath 'FalStorage.sln'
$moduleFolder = Join-Path -Path $PSScriptRoot -ChildPath 'out/FalStorage'

function Write-Step([string] $Message) {
    Write-Host $Message -ForegroundColor Cyan
}

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE." }
}

# A build whose output is shown only when it fails: the Demo and Package tasks are about what comes after.
function Invoke-QuietBuild {
    $output = & dotnet build $solution -c $Configuration -nologo -v quiet 2>&1
    if ($LASTEXITCODE -ne 0) {
        $output | Out-Host
        throw "dotnet build failed with exit code $LASTEXITCODE."
    }
}

function Format-Size([long] $Bytes) {
    if ($Bytes -lt 1MB) { '{0:0.#} KB' -f ($Bytes / 1KB) } else { '{0:0.#} MB' -f ($Bytes / 1MB) }
}

function Invoke-Demo {
    $started = [System.Diagnostics.Stopwatch]::StartNew()
    Write-Step "1. Building FalStorage ($Configuration)"
    Invoke-QuietBuild
    Import-Module -Name (Join-Path -Path $moduleFolder -ChildPath 'FalStorage.psd1') -Force
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'tools/EmulatorProcess.psm1') -Force

    Write-Step '2. Starting the local fal Storage emulator'
    $emulator = Start-EmulatorProcess -Configuration $Configuration
    try {
        Write-Host "   listening on $($emulator.Endpoint), with a throwaway key and data folder"
        $session = Connect-FalStorage -Endpoint $emulator.Endpoint -Key $emulator.Key

        Write-Step '3. Get-ChildItem samples -File -Exclude *.ps1 | Send-FalAsset -Verify'
        $samples = Get-ChildItem -Path (Join-Path -Path $PSScriptRoot -ChildPath 'samples/*') -File -Exclude '*.ps1'
        $assets = @($samples | Send-FalAsset -Verify -Session $session)
        # Each FileUrl whole, also where the output is redirected and the host would lay tables out in 80 columns.
        $assets | Format-Table -AutoSize | Out-String -Stream -Width 250 | Out-Host

        Write-Step '4. Downloading each FileUrl and comparing it with its file'
        $download = New-TemporaryFile
        try {
            foreach ($asset in $assets) {
                Invoke-WebRequest -Uri $asset.FileUrl -OutFile $download.FullName -UseBasicParsing
                $served = (Get-FileHash -LiteralPath $download.FullName -Algorithm SHA256).Hash
                $expected = (Get-FileHash -LiteralPath $asset.SourcePath -Algorithm SHA256).Hash
                if ($served -ne $expected) { throw "$($asset.FileUrl) does not serve the bytes of $($asset.SourcePath)." }
                # The URL is in the table above; a line of 100 columns at most.
                Write-Host "   $($asset.FileName): served back byte for byte (SHA-256 $($served.Substring(0, 16).ToLowerInvariant())...)"
            }
        }
        finally { Remove-Item -LiteralPath $download.FullName -Force }
    }
    finally {
        Stop-EmulatorProcess -Emulator $emulator
    }

    Write-Step ('Done: {0} files uploaded to the emulator and served back byte for byte, in {1:0.0} s; it is stopped.' -f $assets.Count, $started.Elapsed.TotalSeconds)
}

function Invoke-Test {
    # README's test command. Under Windows PowerShell the Pester suite runs on it too (the xunit runner reads this).
    if ($PSVersionTable.PSEdition -eq 'Desktop') { $env:FALSTORAGE_PESTER_SHELL = 'powershell.exe' }
    Invoke-Dotnet test $solution -c $Configuration
}

function Invoke-Package {
    if (-not (Get-Command -Name Compress-PSResource -ErrorAction SilentlyContinue)) {
        throw 'Package needs PSResourceGet 1.1 or later (Compress-PSResource), which PowerShell 7.4 and later include: run it with pwsh (dotnet tool restore; dotnet pwsh ./build.ps1 -Task Package), or Install-Module Microsoft.PowerShell.PSResourceGet on Windows PowerShell.'
    }

    Invoke-QuietBuild
    $manifest = Test-ModuleManifest -Path (Join-Path -Path $moduleFolder -ChildPath 'FalStorage.psd1')
    $null = New-Item -ItemType Directory -Path $OutputPath -Force
    $nupkg = Join-Path -Path $OutputPath -ChildPath "$($manifest.Name).$($manifest.Version).nupkg"
    $zip = Join-Path -Path $OutputPath -ChildPath "$($manifest.Name).zip"
    Remove-Item -LiteralPath $nupkg, $zip -Force -ErrorAction SilentlyContinue

    # The package Publish-PSResource would upload: nuspec and tags from the manifest, the module's files at its root.
    Compress-PSResource -Path $moduleFolder -DestinationPath $OutputPath

    # Azure Automation imports a zip whose top folder is named after the module, and refuses paths of 140
    # characters or more.
    $tooLong = @(Get-ChildItem -LiteralPath $moduleFolder -Recurse -File |
        Where-Object { ($manifest.Name + $_.FullName.Substring($moduleFolder.Length)).Length -ge 140 })
    if ($tooLong) { throw "Azure Automation refuses paths of 140 characters or more: $($tooLong.FullName -join ', ')" }
    Compress-Archive -Path $moduleFolder -DestinationPath $zip

    Write-Host "Packaged $($manifest.Name) $($manifest.Version):"
    Write-Host "  $nupkg ($(Format-Size (Get-Item -LiteralPath $nupkg).Length)): for the PowerShell Gallery (Publish-PSResource -NupkgPath)"
    Write-Host "  $zip ($(Format-Size (Get-Item -LiteralPath $zip).Length)): for Azure Automation (Modules > Add a module)"
}

switch ($Task) {
    'Build' { Invoke-Dotnet build $solution -c $Configuration -nologo }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Package' { Invoke-Package }
}
