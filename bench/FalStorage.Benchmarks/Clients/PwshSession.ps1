# A real pwsh as a benchmark session, as a user's shell: the module imported and connected once (with -Module), then
# one JSON command per line on stdin, each answered with one JSON line {"seconds", "count", "errors"}, the time taken
# around the command alone. The key comes from FAL_KEY, never from the command line.
#   {"op": "list", "folder": "..."}                     Get-ChildItem of the folder (the idle baseline of CPU)
#   {"op": "send", "folder": "...", "throttle": 8}      Get-ChildItem | Send-FalAsset [-ThrottleLimit n]
#     (+ "index": path, "reused": n)                    ... -SkipUnchanged -IndexPath path; n files must come out Reused
#   {"op": "stream", "folder": "..."}                   the folder's one file as a stream that cannot seek (cat's stdout),
#                                                       through Send-FalAsset -Content
#   {"op": "parallel", "folder": "...", "throttle": 8}  what a script does without the module: ForEach-Object
#                                                       -Parallel with Invoke-RestMethod, initiate then PUT
#   {"op": "urls", "urls": "list.txt"}                  Get-Content of the URL list (the idle baseline of the download ops)
#   {"op": "save", "urls": "...", "destination": "...", "throttle": 8}
#                                                       Get-Content list.txt | Save-FalAsset -Destination d [-ThrottleLimit n]
#   {"op": "webparallel", "urls": "...", "destination": "...", "throttle": 8}
#                                                       what a script does without the module: ForEach-Object -Parallel
#                                                       with Invoke-WebRequest -OutFile, each file named by its URL
#   {"op": "webrequest", "urls": "...", "destination": "..."}
#                                                       Invoke-WebRequest -OutFile, one URL after the other
#   {"op": "httpclient", "urls": "...", "destination": "..."}
#                                                       .NET's own HttpClient, no cmdlet: GetAsync, then the body
#                                                       copied into the file (CopyToAsync), one URL after the other
param(
    [Parameter(Mandatory)] [string] $Endpoint,
    [string] $Module
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
if ($Module) {
    Import-Module $Module
    Connect-FalStorage -Endpoint $Endpoint | Out-Null
}

function Invoke-BenchCommand {
    [CmdletBinding()]
    param($Command)
    $files = if ($Command.folder) { Get-ChildItem -LiteralPath $Command.folder -File }
    $urls = if ($Command.urls) { Get-Content -LiteralPath $Command.urls }
    switch ($Command.op) {
        'list' { $files | Measure-Object }
        'send' {
            $parameters = @{}
            if ($Command.throttle) { $parameters.ThrottleLimit = $Command.throttle }
            if ($Command.index) {
                $parameters.SkipUnchanged = $true
                $parameters.IndexPath = $Command.index
            }
            $assets = @($files | Send-FalAsset @parameters)
            # With an index, the benchmark says how many files must have been found unchanged (so sent no request).
            $reused = @($assets | Where-Object Reused).Count
            if ($null -ne $Command.reused -and $reused -ne $Command.reused) {
                throw "$reused of $($assets.Count) files were found unchanged; $($Command.reused) expected"
            }
            $assets | Measure-Object
        }
        'stream' {
            $file = @($files)[0]
            $start = [Diagnostics.ProcessStartInfo]::new('cat', '"' + $file.FullName + '"')
            $start.RedirectStandardOutput = $true
            $start.UseShellExecute = $false
            $cat = [Diagnostics.Process]::Start($start)
            try {
                Send-FalAsset -Content $cat.StandardOutput.BaseStream -FileName $file.Name | Measure-Object
            }
            finally { $cat.WaitForExit() }
        }
        'parallel' {
            $files | ForEach-Object -ThrottleLimit $Command.throttle -Parallel {
                $ticket = Invoke-RestMethod -Method Post -Uri "$using:Endpoint/storage/upload/initiate?storage_type=fal-cdn-v3" `
                    -Headers @{ Authorization = "Key $env:FAL_KEY" } -ContentType 'application/json' `
                    -Body (@{ content_type = 'application/octet-stream'; file_name = $_.Name } | ConvertTo-Json -Compress)
                Invoke-RestMethod -Method Put -Uri $ticket.upload_url -InFile $_.FullName -ContentType 'application/octet-stream' | Out-Null
                $ticket.file_url
            } | Measure-Object
        }
        'urls' { $urls | Measure-Object }
        'save' {
            $parameters = @{ Destination = $Command.destination }
            if ($Command.throttle) { $parameters.ThrottleLimit = $Command.throttle }
            $urls | Save-FalAsset @parameters | Measure-Object
        }
        'webparallel' {
            $destination = $Command.destination
            $urls | ForEach-Object -ThrottleLimit $Command.throttle -Parallel {
                Invoke-WebRequest -Uri $_ -OutFile (Join-Path $using:destination ([uri]$_).Segments[-1])
                $_
            } | Measure-Object
        }
        'webrequest' {
            $urls | ForEach-Object {
                Invoke-WebRequest -Uri $_ -OutFile (Join-Path $Command.destination ([uri]$_).Segments[-1])
                $_
            } | Measure-Object
        }
        'httpclient' {
            $client = [Net.Http.HttpClient]::new()
            $urls | ForEach-Object {
                $response = $client.GetAsync($_, [Net.Http.HttpCompletionOption]::ResponseHeadersRead).GetAwaiter().GetResult()
                $null = $response.EnsureSuccessStatusCode()
                $file = [IO.File]::Create((Join-Path $Command.destination ([uri]$_).Segments[-1]))
                # CopyToAsync is a Task<VoidTaskResult> at run time: its result would go down the pipeline.
                try { $null = $response.Content.CopyToAsync($file).GetAwaiter().GetResult() }
                finally { $file.Dispose(); $response.Dispose() }
                $_
            } | Measure-Object
        }
        default { throw "unknown op $($Command.op)" }
    }
}

[Console]::Out.WriteLine("ready $PID")
while ($null -ne ($line = [Console]::In.ReadLine())) {
    $command = $line | ConvertFrom-Json
    $errors = @()
    $count = 0
    $stopwatch = [Diagnostics.Stopwatch]::StartNew()
    try {
        $count = (Invoke-BenchCommand $command -ErrorVariable +errors -ErrorAction SilentlyContinue).Count
    }
    catch {
        $errors += $_
    }
    $seconds = $stopwatch.Elapsed.TotalSeconds
    [Console]::Out.WriteLine((@{ seconds = $seconds; count = $count; errors = @($errors | ForEach-Object { "$_" }) } | ConvertTo-Json -Compress))
}
