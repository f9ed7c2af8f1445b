<#
    Save-FalAsset as a user types it: the samples sent and brought back in order, a model's output read from JSON,
    a folder relative to the current location, and what is on disk afterwards (no temporary file, nothing outside).
#>
BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.psm1') -Force
    $environment = Initialize-TestEnvironment
}

AfterAll {
    Clear-TestEnvironment $environment
}

Describe 'Get-ChildItem samples -File | Send-FalAsset | Save-FalAsset -Destination ./back' {
    BeforeAll {
        $samples = Join-Path -Path (Get-RepositoryRoot) -ChildPath 'samples'
        $work = Join-Path -Path $TestDrive -ChildPath 'work'
        $null = New-Item -ItemType Directory -Path $work
        Push-Location -LiteralPath $work
        try { $saved = @(Get-ChildItem -LiteralPath $samples -File | Send-FalAsset | Save-FalAsset -Destination ./back) }
        finally { Pop-Location }
    }

    It 'saves one FileInfo per sample, in the order they went up, in ./back under the current location' {
        $saved | ForEach-Object { $_ | Should -BeOfType ([IO.FileInfo]) }
        $saved.Name | Should -Be @(Get-ChildItem -LiteralPath $samples -File).Name
        $saved.DirectoryName | Select-Object -Unique | Should -Be (Join-Path -Path $work -ChildPath 'back')
    }

    It 'gives files identical to the samples, and nothing else in the folder' {
        foreach ($file in $saved) {
            (Get-FileHash -LiteralPath $file.FullName).Hash | Should -Be (Get-FileHash -LiteralPath (Join-Path -Path $samples -ChildPath $file.Name)).Hash
        }
        @(Get-ChildItem -LiteralPath (Join-Path -Path $work -ChildPath 'back') -Force).Count | Should -Be $saved.Count
    }
}

Describe 'A model output read with ConvertFrom-Json' {
    BeforeAll {
        $source = New-TestFile -Folder (Join-Path -Path $TestDrive -ChildPath 'in') -Name 'render.png'
        $asset = Send-FalAsset -LiteralPath $source.FullName
        $json = @{ images = @(
                @{ url = $asset.FileUrl; content_type = 'image/png'; file_name = 'lighthouse.png'; file_size = $source.Length },
                @{ url = $asset.FileUrl; content_type = 'image/png'; file_name = '..\..\outside.png'; file_size = $source.Length },
                @{ url = $asset.FileUrl; content_type = 'image/png'; file_size = $source.Length }
            ) } | ConvertTo-Json -Depth 4
        $result = $json | ConvertFrom-Json
        $folder = Join-Path -Path $TestDrive -ChildPath 'results'
        $saved = @($result.images | Save-FalAsset -Destination $folder)
    }

    It 'saves each image under its file_name, or the name in its URL, inside the folder' {
        $saved.Name | Should -Be @('lighthouse.png', 'outside.png', 'render.png')
        $saved.DirectoryName | Select-Object -Unique | Should -Be $folder
        Test-Path -LiteralPath (Join-Path -Path $TestDrive -ChildPath 'outside.png') | Should -BeFalse
    }

    It 'refuses to replace a file of other bytes, and names the URL' {
        Set-Content -LiteralPath (Join-Path -Path $folder -ChildPath 'mine.png') -Value 'mine'
        $null = Save-FalAsset -Url $asset.FileUrl -Destination $folder -FileName mine.png -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.FullyQualifiedErrorId | Should -BeLike 'FalStorage.DestinationExists,*'
        $failed.TargetObject | Should -Be $asset.FileUrl
        Get-Content -LiteralPath (Join-Path -Path $folder -ChildPath 'mine.png') | Should -Be 'mine'
    }
}
