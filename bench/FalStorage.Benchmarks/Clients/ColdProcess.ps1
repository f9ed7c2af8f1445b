# One command in a fresh pwsh, as a runbook or a one-off shell runs it (issue 20's cold process): the benchmark runs
# this whole process under GNU time. The key comes from FAL_KEY, never from the command line.
#   -Op idle                                 start and exit: the baseline every pwsh row is charged beyond
#   -Op send -Module m -Endpoint e -Path p   Import-Module, Connect-FalStorage, Send-FalAsset -LiteralPath p
#   -Op httpclient -UploadUrl u -Path p      no module: one PUT of the file through .NET's own HttpClient
#   -Op webrequest -UploadUrl u -Path p      no module: Invoke-WebRequest -Method Put -InFile p
param(
    [Parameter(Mandatory)] [ValidateSet('idle', 'send', 'httpclient', 'webrequest')] [string] $Op,
    [string] $Module,
    [string] $Endpoint,
    [string] $Path,
    [string] $UploadUrl
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
switch ($Op) {
    'send' {
        Import-Module $Module
        Connect-FalStorage -Endpoint $Endpoint | Out-Null
        Send-FalAsset -LiteralPath $Path | Out-Null
    }
    'httpclient' {
        $client = [Net.Http.HttpClient]::new()
        $content = [Net.Http.StreamContent]::new([IO.File]::OpenRead($Path), 81920)
        $content.Headers.ContentType = 'application/octet-stream'
        $response = $client.PutAsync($UploadUrl, $content).GetAwaiter().GetResult()
        if (-not $response.IsSuccessStatusCode) { throw "The PUT was answered $([int]$response.StatusCode)." }
    }
    'webrequest' {
        Invoke-WebRequest -Method Put -Uri $UploadUrl -InFile $Path -ContentType 'application/octet-stream' | Out-Null
    }
}
