# Import-Module ./FalStorage.psd1 in a clone: the assembly the build puts in out/FalStorage/ (its cmdlet help is
# found beside it, in out/FalStorage/en-US), the views from the source, and about_FalStorage from en-US/ here (Get-Help
# looks for a module's topics under the folder of its manifest). The module's own manifest, the one that ships, is
# src/FalStorage/FalStorage.psd1. tools/RequireBuild.psm1 loads first: before a build it stops the import with
# "build first" (FormatsToProcess names a source file so that nothing fails before it).
@{
    ModuleVersion        = '0.1.0' # src/FalStorage/FalStorage.psd1's; the build fails when they differ
    GUID                 = '5f0c7a52-7d1e-4c55-9a43-2b7e4f1d8c31'
    Author               = 'FalStorage contributors'
    Description          = 'FalStorage as built from this clone (out/FalStorage).'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    NestedModules        = @('tools/RequireBuild.psm1', 'out/FalStorage/FalStorage.dll')
    FormatsToProcess     = @('src/FalStorage/FalStorage.Format.ps1xml')
    HelpInfoUri          = 'https://github.com/FalStorage/FalStorage'
    CmdletsToExport      = @('Clear-FalUploadIndex', 'Connect-FalStorage', 'Disconnect-FalStorage', 'Get-FalAssetAcl', 'Get-FalSession', 'Get-FalStorageSetting', 'New-FalSignedUrl', 'Request-FalUpload', 'Save-FalAsset', 'Send-FalAsset', 'Set-FalAssetAcl', 'Set-FalStorageSetting')
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
}
