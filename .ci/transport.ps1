<#
.SYNOPSIS
    The transport on the shell that runs this: CI's windows-latest / powershell job runs it on Windows PowerShell 5.1,
    whose .NET Framework would, left to its defaults, send Expect: 100-continue and hold every body back a round trip.
.DESCRIPTION
    1. No request carries Expect: 100-continue: the module's first request (an initiate, a POST with a body) goes to a
       bare TCP listener, which keeps the bytes that arrive and never answers.
    2. Time per file at 50 ms of latency per request (the emulator's --fault all:latency=50ms), one file at a time in
       the token flow (one request per file): the median is well under two round trips. The emulator adds its latency
       before it reads a body, so a 100 Continue comes after the latency and check 1 is what would see one; this one
       sees any second request per file, and a transport that stalls small requests (Nagle against delayed ACKs).
    Needs the solution built in -Configuration. Exits non-zero on a failure.
#>
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = Split-Path -Path $PSScriptRoot -Parent
Import-Module -Name (Join-Path -Path $root -ChildPath 'out/FalStorage/FalStorage.psd1') -Force
Import-Module -Name (Join-Path -Path $root -ChildPath 'tools/EmulatorProcess.psm1') -Force
$failures = 0
"Transport checks on PowerShell $($PSVersionTable.PSVersion) ($([System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription))"

# 1. What the first request's headers say, as a listener that never answers receives them.
$listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
$listener.Start()
try {
    $accepted = $listener.AcceptTcpClientAsync()
    $session = Connect-FalStorage -Endpoint ('http://127.0.0.1:{0}' -f $listener.LocalEndpoint.Port) -Key 'transport-check-id:secret' -UploadFlow SignedUrl
    $null = Send-FalAsset -Content 'one small body' -FileName 'expect.txt' -Session $session -MaxRetries 0 -TimeoutSec 2 -ErrorAction SilentlyContinue
    if (-not $accepted.Wait(5000)) { throw 'The module never connected to the listener.' }
    $client = $accepted.Result
    try {
        $stream = $client.GetStream()
        $buffer = New-Object -TypeName byte[] -ArgumentList 65536
        $received = [System.Text.StringBuilder]::new()
        while ($stream.DataAvailable) { $null = $received.Append([System.Text.Encoding]::ASCII.GetString($buffer, 0, $stream.Read($buffer, 0, $buffer.Length))) }
    }
    finally { $client.Dispose() }
    $headers = ($received.ToString() -split "`r`n`r`n", 2)[0]
    if ($headers -notmatch '^POST ') { throw "The listener received no request: '$headers'" }
    if ($headers -match '(?im)^Expect:') {
        $failures++
        "  FAIL  a request carries Expect: 100-continue:`n$headers"
    }
    else { '  pass  no Expect: 100-continue (the initiate request''s headers: {0})' -f (($headers -split "`r`n" | Select-Object -Skip 1 | ForEach-Object { ($_ -split ':')[0] }) -join ', ') }
}
finally { $listener.Stop() }

# 2. Time per file, one at a time, 50 ms of latency per request.
$latencyMs = 50
$files = 20
$emulator = Start-EmulatorProcess -Configuration $Configuration -ArgumentList '--fault', "all:latency=$($latencyMs)ms"
$folder = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('falstorage-transport-' + [guid]::NewGuid().ToString('N'))
try {
    $null = New-Item -ItemType Directory -Path $folder
    $paths = foreach ($n in 0..$files) {
        $path = Join-Path -Path $folder -ChildPath "small-$n.bin"
        [System.IO.File]::WriteAllBytes($path, [byte[]]::new(1024))
        $path
    }
    $session = Connect-FalStorage -Endpoint $emulator.Endpoint -Key $emulator.Key -UploadFlow CdnToken

    # The first file fetches the CDN token and opens the connection; the others are timed one by one.
    $null = Send-FalAsset -LiteralPath $paths[0] -Session $session -ThrottleLimit 1
    $times = foreach ($path in $paths[1..$files]) {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $null = Send-FalAsset -LiteralPath $path -Session $session -ThrottleLimit 1
        $watch.Elapsed.TotalMilliseconds
    }
    $median = ($times | Sort-Object)[[int][Math]::Floor($files / 2)]
    $line = 'median {0:0} ms per file (min {1:0}, max {2:0}) at {3} ms per request; two round trips: {4} ms' -f $median, ($times | Measure-Object -Minimum).Minimum, ($times | Measure-Object -Maximum).Maximum, $latencyMs, (2 * $latencyMs)
    if ($median -lt 1.6 * $latencyMs) { "  pass  $line" } else { $failures++; "  FAIL  $line" }
}
finally {
    Stop-EmulatorProcess -Emulator $emulator
    Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
}

"Transport: $(2 - $failures) passed, $failures failed"
exit [int]($failures -gt 0)
