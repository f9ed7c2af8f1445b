<#
    The first nested module of the repository root's FalStorage.psd1. Before a build there is no
    out/FalStorage/FalStorage.dll for that manifest to load: stop the import there and say to build first.
#>
$repositoryRoot = Split-Path -Path $PSScriptRoot -Parent
$builtAssembly = Join-Path -Path $repositoryRoot -ChildPath 'out/FalStorage/FalStorage.dll'
if (-not (Test-Path -LiteralPath $builtAssembly)) {
    throw "FalStorage is not built yet ($builtAssembly is missing). Build it first: run 'dotnet build FalStorage.sln -c Release' in $repositoryRoot, then Import-Module ./FalStorage.psd1 again."
}
