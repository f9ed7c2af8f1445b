<#
.SYNOPSIS
    Uploads files to the fal CDN from Azure Automation and writes their URLs as the job's output.

.DESCRIPTION
    A runbook for the PowerShell 5.1 and 7.x runtimes of Azure Automation. Import the FalStorage
    module into the Automation account first (out/FalStorage.zip from ./build.ps1 -Task Package).

    The key comes from an encrypted Automation variable, read with Get-AutomationVariable (which
    returns it as a plain string; Connect-FalStorage -Key takes that), or from a credential asset
    whose user name is the key id and whose password is the key secret.

    Each uploaded file's URL is written as output, one string per file, ready for the next step of
    a pipeline of runbooks or a fal model call.

.PARAMETER Path
    The files to upload: files the runbook made (under $env:TEMP), or files on a Hybrid Runbook
    Worker. Wildcards are expanded.

.PARAMETER KeyVariableName
    The name of the encrypted Automation variable that holds the fal key.

.PARAMETER CredentialName
    The name of a credential asset holding the key as id (user name) and secret (password); used
    instead of the variable when given.

.PARAMETER ExpiresIn
    How long the files stay on the CDN: 1h, 1d, 7d, 30d, 1y, never, or a number with s, m, h, d, w or y.

.PARAMETER Endpoint
    Another fal Storage endpoint, such as the local emulator when trying the runbook out.

.EXAMPLE
    ./Upload-FalAssets.runbook.ps1 -Path "$env:TEMP/renders/*.png" -ExpiresIn 1d
#>
param(
    [Parameter(Mandatory = $true)]
    [string[]] $Path,

    [string] $KeyVariableName = 'FalKey',

    [string] $CredentialName,

    [string] $ExpiresIn = 'never',

    [string] $Endpoint
)

# Automation stores every progress record with the job, which slows jobs down: Microsoft advises
# runbooks to turn progress off.
$ProgressPreference = 'SilentlyContinue'
# Automation marks a job Failed only on a terminating error: stop at the first failure.
$ErrorActionPreference = 'Stop'

$connection = @{}
if ($CredentialName) {
    $connection.Credential = Get-AutomationPSCredential -Name $CredentialName
}
else {
    $connection.Key = Get-AutomationVariable -Name $KeyVariableName
}
if ($Endpoint) {
    $connection.Endpoint = $Endpoint
}

Connect-FalStorage @connection | Out-Null
try {
    Send-FalAsset -Path $Path -ExpiresIn $ExpiresIn | ForEach-Object { $_.FileUrl }
}
finally {
    # Jobs of one Automation sandbox share a process: leave no key behind in this runspace.
    Disconnect-FalStorage
}
