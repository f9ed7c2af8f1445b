<#
    A user's mistakes cost nothing (issue 17): a file named where the upload index should be is left byte for byte,
    a unit that could mean two things is refused before anything is sent, and a loopback endpoint typed without a
    scheme reaches the local emulator over plain HTTP.
#>
BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.psm1') -Force
    $environment = Initialize-TestEnvironment
    $folder = Join-Path -Path $TestDrive -ChildPath 'work'
    $null = New-Item -ItemType Directory -Path $folder -Force
    Push-Location -LiteralPath $folder
}

AfterAll {
    Pop-Location
    Clear-TestEnvironment $environment
}

Describe 'An -IndexPath that is not an upload index' {
    It 'Clear-FalUploadIndex leaves ./precious.txt as it was, makes no lock file, and says why' {
        Set-Content -LiteralPath ./precious.txt -Value 'years of notes' -NoNewline
        Clear-FalUploadIndex -IndexPath ./precious.txt -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'FalStorage.NotAnUploadIndex,*'
        $failures[0].Exception.Message | Should -Match 'is not a FalStorage upload index'
        Get-Content -LiteralPath ./precious.txt -Raw | Should -BeExactly 'years of notes'
        Test-Path -LiteralPath ./precious.txt.lock | Should -BeFalse
    }

    It 'Send-FalAsset -SkipUnchanged leaves ./settings.json as it was and uploads with a warning' {
        Set-Content -LiteralPath ./settings.json -Value '{"my":"settings"}' -NoNewline
        $notes = New-TestFile -Folder $folder -Name 'notes.txt' -Length 300
        $asset = Send-FalAsset ./notes.txt -SkipUnchanged -IndexPath ./settings.json -WarningVariable warnings -WarningAction SilentlyContinue
        $asset.SourcePath | Should -Be $notes.FullName
        Get-Content -LiteralPath ./settings.json -Raw | Should -BeExactly '{"my":"settings"}'
        Test-Path -LiteralPath ./settings.json.lock | Should -BeFalse
        ($warnings -join ' ') | Should -Match 'settings.json'' is not a FalStorage upload index'
    }
}

Describe '-ExpiresIn' {
    It 'refuses 1M at binding with the list of units, and sends nothing' {
        $file = New-TestFile -Folder $folder -Name 'month.png' -Length 100
        { Send-FalAsset -LiteralPath $file.FullName -ExpiresIn 1M } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,*' -ExpectedMessage "*'M' is not a unit. Units are s (seconds), m (minutes), h (hours), d (days), w (weeks) or y (365 days), in lower case*"
    }
}

Describe '-Endpoint without a scheme' {
    It 'takes a loopback address as the local emulator on http' {
        $authority = ([uri] $environment.Endpoint).Authority
        $session = Connect-FalStorage -Endpoint $authority -Key $environment.Key
        $session.Endpoint.Scheme | Should -Be 'http'
        $file = New-TestFile -Folder $folder -Name 'no-scheme.png' -Length 100
        $asset = Send-FalAsset -LiteralPath $file.FullName -Session $session
        Get-ServedHash -Url $asset.FileUrl | Should -Be (Get-FileHash -LiteralPath $file.FullName -Algorithm SHA256).Hash
    }
}
