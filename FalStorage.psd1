@{
    RootModule           = 'FalStorage.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5f0c7a52-7d1e-4c55-9a43-2b7e4f1d8c31'
    Author               = 'FalStorage contributors'
    CompanyName          = 'FalStorage contributors'
    Copyright            = '(c) FalStorage contributors. MIT License.'
    Description          = 'Upload files to the fal CDN (fal Storage API) from PowerShell, so fal model APIs can take them by URL. Streams from disk, works in Azure Automation, ships a local emulator for offline runbook development.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('FalStorage.Format.ps1xml')
    CmdletsToExport      = @('Connect-FalStorage', 'Disconnect-FalStorage', 'Get-FalSession', 'Request-FalUpload', 'Send-FalAsset')
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('fal', 'upload', 'CDN', 'storage', 'AI', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/FalStorage/FalStorage'
            LicenseUri   = 'https://github.com/FalStorage/FalStorage/blob/main/LICENSE'
            ReleaseNotes = 'First release: Connect-FalStorage, Disconnect-FalStorage, Get-FalSession, Request-FalUpload, Send-FalAsset; help, formatting, tab completion; a zip for Azure Automation.'
        }
    }
}
