<#
    Private files on the real shell, as issue 18's "done means" walks through them: an emulator with users alice and
    bob; alice's private upload answers 403 without credentials, 200 with her CDN token and 403 with bob's; an ACL that
    allows bob; a signed link to a hidden file; account settings that make alice's next uploads private and not bob's;
    and what -WhatIf prints.
#>
BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.psm1') -Force
    Import-Module -Name (Join-Path -Path (Get-RepositoryRoot) -ChildPath 'tools/EmulatorProcess.psm1') -Force
    $manifest = Get-BuiltModule
    Import-Module -Name $manifest -Force
    $aliceKey = 'alice-' + [guid]::NewGuid().ToString('N')
    $bobKey = 'bob-' + [guid]::NewGuid().ToString('N')
    $emulator = Start-EmulatorProcess -Configuration (Get-TestConfiguration) -ArgumentList '--user', "alice=$aliceKey", '--user', "bob=$bobKey"
    $alice = Connect-FalStorage -Endpoint $emulator.Endpoint -Key $aliceKey
    $bob = Connect-FalStorage -Endpoint $emulator.Endpoint -Key $bobKey

    # The status a GET of the URL gets: anonymous, or with the CDN token of a key.
    function Get-ReadStatus([string] $Url, [string] $Key) {
        $headers = @{}
        if ($Key) {
            $grant = Invoke-RestMethod -Method Post -Uri "$($emulator.Endpoint)/storage/auth/token?storage_type=fal-cdn-v3" -Headers @{ Authorization = "Key $Key" } -ContentType 'application/json' -Body '{}'
            $headers.Authorization = "$($grant.token_type) $($grant.token)"
        }
        try { (Invoke-WebRequest -Uri $Url -Headers $headers -UseBasicParsing).StatusCode }
        catch { [int] $_.Exception.Response.StatusCode }
    }
}

AfterAll {
    if (Get-Variable -Name emulator -ErrorAction SilentlyContinue) { Stop-EmulatorProcess -Emulator $emulator }
}

Describe 'Send-FalAsset -Access Private, as alice' {
    BeforeAll {
        $file = New-TestFile -Folder $TestDrive -Name 'x.png'
        $asset = Send-FalAsset -Path $file.FullName -Access Private -Session $alice
    }

    It 'says what access it asked for' {
        $asset.Acl.Access | Should -Be 'Private'
        ($asset | Format-List | Out-String) | Should -Match 'Acl\s+: Private'
    }

    It 'answers 403 without credentials, 200 with alice''s CDN token, 403 with bob''s' {
        Get-ReadStatus -Url $asset.FileUrl | Should -Be 403
        Get-ReadStatus -Url $asset.FileUrl -Key $aliceKey | Should -Be 200
        Get-ReadStatus -Url $asset.FileUrl -Key $bobKey | Should -Be 403
    }

    It 'lets bob read it once Set-FalAssetAcl -AllowUser bob replaced its ACL' {
        $acl = $asset | Set-FalAssetAcl -Access Private -AllowUser bob -Session $alice
        $acl.Rules.User | Should -Be @('bob')
        Get-ReadStatus -Url $asset.FileUrl -Key $bobKey | Should -Be 200
        Get-ReadStatus -Url $asset.FileUrl | Should -Be 403
        (Get-FalAssetAcl -Url $asset.FileUrl -Session $alice | Out-String) | Should -Match 'Private\s+Allow bob'
    }
}

Describe 'New-FalSignedUrl -ExpiresIn 1h of a hidden file' {
    It 'reads the file without credentials, where the URL alone answers 404' {
        $file = New-TestFile -Folder $TestDrive -Name 'hidden.png' -Length 3000
        $asset = Send-FalAsset -Path $file.FullName -Access Hidden -Session $alice
        $link = $asset | New-FalSignedUrl -ExpiresIn 1h -Session $alice

        Get-ReadStatus -Url $asset.FileUrl | Should -Be 404
        Get-ReadStatus -Url "$link" | Should -Be 200
        (Invoke-WebRequest -Uri $link -UseBasicParsing).RawContentLength | Should -Be 3000
    }
}

Describe 'Set-FalStorageSetting -Access Private, as alice' {
    It 'shows the settings before and after with -WhatIf, and changes nothing' {
        $script = "Import-Module '$manifest'; Connect-FalStorage -Endpoint '$($emulator.Endpoint)' -Key '$aliceKey' | Out-Null; Set-FalStorageSetting -Access Private -WhatIf"
        $run = Invoke-ChildShell -Command $script
        $run.ExitCode | Should -Be 0
        $run.Output | Should -Match 'What if: .*from \(ExpiresIn never, Acl Public\) to \(ExpiresIn never, Acl Private\)'
        (Get-FalStorageSetting -Session $alice).Access | Should -Be 'Public'
    }

    It 'makes alice''s next uploads private, and not bob''s' {
        (Set-FalStorageSetting -Access Private -Session $alice).Access | Should -Be 'Private'
        $alices = Send-FalAsset -Path (New-TestFile -Folder $TestDrive -Name 'alice-next.png').FullName -Session $alice
        $bobs = Send-FalAsset -Path (New-TestFile -Folder $TestDrive -Name 'bob-next.png').FullName -Session $bob

        Get-ReadStatus -Url $alices.FileUrl | Should -Be 403
        Get-ReadStatus -Url $bobs.FileUrl | Should -Be 200
        $alices.Acl | Should -BeNullOrEmpty
    }
}
