<#
    What every file of the Pester suite shares: the built module, an emulator, test files and a child shell.

    The emulator is the one named by FALSTORAGE_TEST_ENDPOINT and FALSTORAGE_TEST_KEY (the xunit runner of this
    suite starts one and sets both), or else one of the file's own, started by Initialize-TestEnvironment and
    stopped by Clear-TestEnvironment. The module and the emulator are built first when they are not yet.
#>
Set-StrictMode -Version Latest

$repositoryRoot = (Resolve-Path -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../..')).ProviderPath
$configuration = if ($env:FALSTORAGE_CONFIGURATION) { $env:FALSTORAGE_CONFIGURATION } else { 'Release' }
Import-Module -Name (Join-Path -Path $repositoryRoot -ChildPath 'tools/EmulatorProcess.psm1')

function Get-RepositoryRoot { $repositoryRoot }

# The build configuration whose emulator and module the suite uses (the xunit runner sets its own).
function Get-TestConfiguration { $configuration }

<#
.SYNOPSIS
    The built module's manifest, out/FalStorage/FalStorage.psd1; builds the solution first when it is missing.
#>
function Get-BuiltModule {
    $manifest = Join-Path -Path $repositoryRoot -ChildPath 'out/FalStorage/FalStorage.psd1'
    $emulator = Join-Path -Path $repositoryRoot -ChildPath "src/FalStorage.Emulator/bin/$configuration/net10.0/FalStorage.Emulator.dll"
    if (-not ((Test-Path -LiteralPath $manifest) -and (Test-Path -LiteralPath $emulator))) {
        & dotnet build (Join-Path -Path $repositoryRoot -ChildPath 'FalStorage.sln') -c $configuration -nologo -v quiet | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "dotnet build failed with exit code $LASTEXITCODE." }
    }
    $manifest
}

<#
.SYNOPSIS
    Imports the built module, makes sure an emulator runs, connects to it; returns Endpoint, Key and Manifest.
#>
function Initialize-TestEnvironment {
    $manifest = Get-BuiltModule
    Import-Module -Name $manifest -Force -Global
    if ($env:FALSTORAGE_TEST_ENDPOINT -and $env:FALSTORAGE_TEST_KEY) {
        $environment = [pscustomobject]@{ Endpoint = $env:FALSTORAGE_TEST_ENDPOINT; Key = $env:FALSTORAGE_TEST_KEY; Manifest = $manifest; Emulator = $null }
    }
    else {
        $emulator = Start-EmulatorProcess -Configuration $configuration
        $environment = [pscustomobject]@{ Endpoint = $emulator.Endpoint; Key = $emulator.Key; Manifest = $manifest; Emulator = $emulator }
    }
    $null = Connect-FalStorage -Endpoint $environment.Endpoint -Key $environment.Key
    $environment
}

function Clear-TestEnvironment([psobject] $Environment) {
    if ($Environment -and $Environment.Emulator) { Stop-EmulatorProcess -Emulator $Environment.Emulator }
}

<#
.SYNOPSIS
    Writes a file of random bytes (at a path relative to $Folder) and returns its FileInfo.
#>
function New-TestFile {
    param(
        [Parameter(Mandatory = $true)] [string] $Folder,
        [Parameter(Mandatory = $true)] [string] $Name,
        [int] $Length = 2048
    )

    $path = Join-Path -Path $Folder -ChildPath $Name
    $null = New-Item -ItemType Directory -Path (Split-Path -Path $path -Parent) -Force
    $bytes = [byte[]]::new($Length)
    [System.Random]::new().NextBytes($bytes)
    [System.IO.File]::WriteAllBytes($path, $bytes)
    Get-Item -LiteralPath $path
}

<#
.SYNOPSIS
    The SHA-256 of what a URL serves, as Get-FileHash writes it.
#>
function Get-ServedHash([string] $Url) {
    $downloaded = [System.IO.Path]::GetTempFileName()
    try {
        Invoke-WebRequest -Uri $Url -OutFile $downloaded -UseBasicParsing
        (Get-FileHash -LiteralPath $downloaded -Algorithm SHA256).Hash
    }
    finally { Remove-Item -LiteralPath $downloaded -Force }
}

<#
.SYNOPSIS
    Runs a script in a new process of the shell this suite runs on (pwsh, or Windows PowerShell), as a user
    would start one; returns its exit code and everything it wrote, and fails when it does not end in time.
#>
function Invoke-ChildShell {
    param(
        [Parameter(Mandatory = $true)] [string] $Command,
        [hashtable] $Environment = @{},
        [int] $TimeoutSeconds = 300
    )

    if ($PSVersionTable.PSEdition -eq 'Desktop') {
        $fileName = Join-Path -Path $PSHOME -ChildPath 'powershell.exe'
        $prefix = @()
    }
    elseif (Test-Path -LiteralPath (Join-Path -Path $PSHOME -ChildPath 'pwsh.dll')) {
        # The pwsh that runs this suite, as dotnet runs it: also what the 'dotnet pwsh' tool starts.
        $fileName = 'dotnet'
        $prefix = @(Join-Path -Path $PSHOME -ChildPath 'pwsh.dll')
    }
    else {
        $fileName = (Get-Process -Id $PID).Path
        $prefix = @()
    }

    $startInfo = [System.Diagnostics.ProcessStartInfo]::new($fileName)
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $startInfo.WorkingDirectory = $repositoryRoot
    $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($Command))
    $startInfo.Arguments = (@($prefix | ForEach-Object { '"{0}"' -f $_ }) + '-NoLogo', '-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded) -join ' '
    foreach ($name in $Environment.Keys) { $startInfo.EnvironmentVariables[$name] = [string] $Environment[$name] }

    $process = [System.Diagnostics.Process]::Start($startInfo)
    $output = $process.StandardOutput.ReadToEndAsync()
    $errorOutput = $process.StandardError.ReadToEndAsync()
    if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
        $process.Kill()
        throw "The child shell did not finish within $TimeoutSeconds s: $($output.Result) $($errorOutput.Result)"
    }
    [pscustomobject]@{ ExitCode = $process.ExitCode; Output = $output.Result; Error = $errorOutput.Result }
}

Export-ModuleMember -Function Get-RepositoryRoot, Get-TestConfiguration, Get-BuiltModule, Initialize-TestEnvironment, Clear-TestEnvironment, New-TestFile, Get-ServedHash, Invoke-ChildShell
