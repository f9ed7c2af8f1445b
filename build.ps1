<#
.SYNOPSIS
    Builds, tests and demonstrates the FalStorage module.

.DESCRIPTION
    Build : dotnet build of FalStorage.sln; the importable module lands in out/FalStorage/.
    Test  : dotnet test of the solution.
    Demo  : builds, starts the local fal Storage emulator on a free loopback port, uploads the
            files in samples/ (not its runbooks/ folder) through the module, checks each one is
            served back byte for byte, emits the FalAsset objects, and stops the emulator.

    This script uses only what the PowerShell engine itself provides: the language, the core
    cmdlets (ForEach-Object, Where-Object, Import-Module, ...), .NET calls and native commands
    such as dotnet. No Microsoft.PowerShell.Utility or .Management cmdlets (Write-Host,
    Get-ChildItem, Start-Process, Test-Path, ...): the project's tests run the Demo task on an
    engine hosted inside the test process, where those modules do not exist.

.EXAMPLE
    pwsh ./build.ps1 -Task Demo
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$solution = [System.IO.Path]::Combine($PSScriptRoot, 'FalStorage.sln')

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
    $startInfo = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @($dll, '--urls', $endpoint, '--key', $Key, '--data', $DataFolder)) { $startInfo.ArgumentList.Add($argument) }
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

function Invoke-Demo {
    Invoke-Dotnet build $solution -c $Configuration --nologo -v quiet

    $dataFolder = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'falstorage-demo-' + [guid]::NewGuid().ToString('N'))
    # A throwaway key for this run: the emulator accepts it, nothing else does.
    $demoKey = 'demo-' + [guid]::NewGuid().ToString('N')
    Write-BuildStep "Starting the local fal Storage emulator (data in $dataFolder)"
    $emulator = Start-Emulator -DataFolder $dataFolder -Key $demoKey
    try {
        Import-Module ([System.IO.Path]::Combine($PSScriptRoot, 'out', 'FalStorage', 'FalStorage.psd1')) -Force
        $session = Connect-FalStorage -Endpoint $emulator.Endpoint -Key $demoKey
        Write-BuildStep "Connected to $($session.Endpoint); uploading the files in samples/"

        # Get-ChildItem samples -File | Send-FalAsset, with the engine's own Get-ChildItem: the files only,
        # not the runbooks folder beside them.
        $samples = $ExecutionContext.InvokeProvider.ChildItem.Get([System.IO.Path]::Combine($PSScriptRoot, 'samples'), $false)
        $assets = @($samples | Where-Object { -not $_.PSIsContainer } | Send-FalAsset)

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
    finally {
        $emulator.Process.Kill()
        $emulator.Process.WaitForExit()
        [System.IO.Directory]::Delete($dataFolder, $true)
        Write-BuildStep 'Emulator stopped'
    }
}

switch ($Task) {
    'Build' { Invoke-Dotnet build $solution -c $Configuration --nologo }
    'Test' { Invoke-Dotnet test $solution -c $Configuration --nologo }
    'Demo' { Invoke-Demo }
}
