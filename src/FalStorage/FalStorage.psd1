# The module's manifest, as it ships: the build copies it into out/FalStorage/ beside the assembly, the format file
# and the help. Its ModuleVersion is every assembly's and package's version (Directory.Build.props reads it). The
# assembly is a nested module rather than the root module because Get-Help looks for a root module's help beside
# the manifest, and for a nested assembly's beside the assembly (en-US/).
@{
    NestedModules        = @('FalStorage.dll')
    ModuleVersion        = '0.1.0'
    GUID                 = '5f0c7a52-7d1e-4c55-9a43-2b7e4f1d8c31'
    Author               = 'FalStorage contributors'
    CompanyName          = 'FalStorage contributors'
    Copyright            = '(c) FalStorage contributors. MIT License.'
    Description          = 'Upload files to the fal CDN (fal Storage API) from PowerShell, so fal model APIs can take them by URL. Streams from disk, works in Azure Automation, ships a local emulator for offline runbook development.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('FalStorage.Format.ps1xml')
    HelpInfoUri          = 'https://github.com/FalStorage/FalStorage'
    CmdletsToExport      = @('Clear-FalUploadIndex', 'Connect-FalStorage', 'Disconnect-FalStorage', 'Get-FalAssetAcl', 'Get-FalSession', 'Get-FalStorageSetting', 'New-FalSignedUrl', 'Request-FalUpload', 'Save-FalAsset', 'Send-FalAsset', 'Set-FalAssetAcl', 'Set-FalStorageSetting')
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('fal', 'upload', 'CDN', 'storage', 'AI', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/FalStorage/FalStorage'
            LicenseUri   = 'https://github.com/FalStorage/FalStorage/blob/main/LICENSE'
            # The build puts CHANGELOG.md's section for ModuleVersion here in the shipped copy (out/FalStorage/FalStorage.psd1).
            ReleaseNotes = 'See CHANGELOG.md: https://github.com/FalStorage/FalStorage/blob/main/CHANGELOG.md'
        }
    }
}
