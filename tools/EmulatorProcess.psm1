<#
    Starts and stops the built fal Storage emulator as a process of its own, on a free loopback port, with a
    throwaway key and data folder. build.ps1's Demo and the Pester suite use it; it runs on Windows PowerShell 5.1
    and PowerShell 7.
#>
Set-StrictMode -Version Latest

$repositoryRoot = Split-Path -Path $PSScriptRoot -Parent

function Get-FreeLoopbackPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

<#
.SYNOPSIS
    Starts the emulator built in the given configuration and waits until it answers /health.
.OUTPUTS
    An object with Endpoint, Key, DataFolder, LogPath and Process; pass it to Stop-EmulatorProcess.
#>
function Start-EmulatorProcess {
    [CmdletBinding()]
    param(
        [ValidateSet('Debug', 'Release')]
        [string] $Configuration = 'Release',

        [TimeSpan] $ReadyTimeout = [TimeSpan]::FromSeconds(60),

        # More options for the emulator, e.g. '--fault', 'all:latency=50ms'.
        [string[]] $ArgumentList = @()
    )

    $dll = Join-Path -Path $repositoryRoot -ChildPath "src/FalStorage.Emulator/bin/$Configuration/net10.0/FalStorage.Emulator.dll"
    if (-not (Test-Path -LiteralPath $dll)) {
        throw "The emulator is not built ($dll is missing): run 'dotnet build FalStorage.sln -c $Configuration' first."
    }

    $name = 'falstorage-emulator-' + [guid]::NewGuid().ToString('N')
    $dataFolder = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath $name
    $null = New-Item -ItemType Directory -Path $dataFolder
    $logPath = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath "$name.log"
    $endpoint = 'http://127.0.0.1:{0}' -f (Get-FreeLoopbackPort)
    $key = 'dev-' + [guid]::NewGuid().ToString('N')

    # Quoted, because Windows PowerShell 5.1 joins -ArgumentList with spaces as it is.
    $arguments = @($dll, '--urls', $endpoint, '--key', $key, '--data', $dataFolder) + $ArgumentList | ForEach-Object { '"{0}"' -f $_ }
    $process = Start-Process -FilePath 'dotnet' -ArgumentList $arguments -NoNewWindow -PassThru `
        -RedirectStandardOutput $logPath -RedirectStandardError "$logPath.err"
    $emulator = [pscustomobject]@{ Endpoint = $endpoint; Key = $key; DataFolder = $dataFolder; LogPath = $logPath; Process = $process }

    $deadline = [DateTime]::UtcNow + $ReadyTimeout
    while ($true) {
        if ($process.HasExited) {
            $log = (Get-Content -LiteralPath $logPath, "$logPath.err" -ErrorAction SilentlyContinue) -join [Environment]::NewLine
            Stop-EmulatorProcess -Emulator $emulator
            throw "The emulator exited with code $($process.ExitCode) before it was ready: $log"
        }
        try {
            $null = Invoke-RestMethod -Uri "$endpoint/health" -TimeoutSec 5 -UseBasicParsing
            return $emulator
        }
        catch {
            # Not listening yet.
        }
        if ([DateTime]::UtcNow -gt $deadline) {
            Stop-EmulatorProcess -Emulator $emulator
            throw "The emulator did not answer on $endpoint/health within $($ReadyTimeout.TotalSeconds) seconds."
        }
        Start-Sleep -Milliseconds 200
    }
}

<#
.SYNOPSIS
    Stops an emulator that Start-EmulatorProcess started and deletes its data and log.
#>
function Stop-EmulatorProcess {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)]
        [psobject] $Emulator
    )

    if (-not $Emulator.Process.HasExited) {
        Stop-Process -Id $Emulator.Process.Id -Force
        $Emulator.Process.WaitForExit()
    }
    Remove-Item -LiteralPath $Emulator.DataFolder -Recurse -Force -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $Emulator.LogPath, "$($Emulator.LogPath).err" -Force -ErrorAction SilentlyContinue
}

Export-ModuleMember -Function Start-EmulatorProcess, Stop-EmulatorProcess
