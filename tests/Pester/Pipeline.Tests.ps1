<#
    Paths and pipelines as a user types them in a shell: wildcards relative to the current location, -Recurse,
    PSDrives, ~, and what -WhatIf prints.
#>
BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.psm1') -Force
    $environment = Initialize-TestEnvironment

    # Every asset is stored whole: the CDN serves the bytes of its source file.
    function Assert-Served([object[]] $Assets) {
        foreach ($asset in $Assets) {
            Get-ServedHash -Url $asset.FileUrl | Should -Be (Get-FileHash -LiteralPath $asset.SourcePath -Algorithm SHA256).Hash
        }
    }
}

AfterAll {
    Clear-TestEnvironment $environment
}

Describe 'Get-ChildItem *.png | Send-FalAsset, typed inside the folder' {
    BeforeAll {
        $folder = Join-Path -Path $TestDrive -ChildPath 'art'
        foreach ($name in 'red.png', 'green.png', 'notes.txt', 'nested/blue.png') { $null = New-TestFile -Folder $folder -Name $name }
        Push-Location -LiteralPath $folder
        try { $assets = @(Get-ChildItem *.png | Send-FalAsset) }
        finally { Pop-Location }
    }

    It 'uploads each matching file once, in order, with its type and length' {
        $assets.FileName | Should -Be @('green.png', 'red.png')
        $assets.ContentType | Should -Be @('image/png', 'image/png')
        $assets | ForEach-Object Length | Should -Be @(2048, 2048)
        $assets.SourcePath | Should -Be @((Join-Path -Path $folder -ChildPath 'green.png'), (Join-Path -Path $folder -ChildPath 'red.png'))
    }

    It 'stores every file byte for byte' {
        Assert-Served $assets
    }
}

Describe 'Other ways to name files' {
    BeforeAll {
        $folder = Join-Path -Path $TestDrive -ChildPath 'paths'
        foreach ($name in 'one.png', 'sub/two.png', 'sub/deeper/three.wav') { $null = New-TestFile -Folder $folder -Name $name }
    }

    It 'Get-ChildItem -Recurse -File | Send-FalAsset uploads the files of every subfolder' {
        $assets = @(Get-ChildItem -LiteralPath $folder -Recurse -File | Send-FalAsset)
        $assets.FileName | Sort-Object | Should -Be @('one.png', 'three.wav', 'two.png')
        ($assets | Where-Object FileName -EQ 'three.wav').ContentType | Should -Be 'audio/wav'
        Assert-Served $assets
    }

    It 'a path on a New-PSDrive drive is uploaded from the folder the drive maps' {
        $null = New-PSDrive -Name FalArt -PSProvider FileSystem -Root $folder
        try {
            $assets = @(Send-FalAsset -Path 'FalArt:\sub\*.png')
            $assets.SourcePath | Should -Be @(Join-Path -Path $folder -ChildPath (Join-Path -Path 'sub' -ChildPath 'two.png'))
            Assert-Served $assets
        }
        finally { Remove-PSDrive -Name FalArt }
    }

    It '~ means the home folder' {
        $name = 'falstorage-pester-' + [guid]::NewGuid().ToString('N')
        $homeFolder = Join-Path -Path $HOME -ChildPath $name
        $null = New-TestFile -Folder $homeFolder -Name 'home.png'
        try {
            $asset = Send-FalAsset -Path "~/$name/home.png"
            $asset.SourcePath | Should -Be (Join-Path -Path $homeFolder -ChildPath 'home.png')
            Assert-Served $asset
        }
        finally { Remove-Item -LiteralPath $homeFolder -Recurse -Force }
    }

    It 'relative paths after Set-Location are relative to the new location' {
        Push-Location
        try {
            Set-Location -LiteralPath $folder
            $assets = @(Send-FalAsset ./one.png, sub/two.png)
            $assets.SourcePath | Should -Be @((Join-Path -Path $folder -ChildPath 'one.png'), (Join-Path -Path $folder -ChildPath (Join-Path -Path 'sub' -ChildPath 'two.png')))
            Assert-Served $assets
        }
        finally { Pop-Location }
    }
}

Describe 'The ticket flow' {
    It 'uploads to a ticket once and refuses it the second time' {
        $clip = New-TestFile -Folder (Join-Path -Path $TestDrive -ChildPath 'ticket') -Name 'clip.wav'
        $ticket = Request-FalUpload -FileName 'clip.wav'
        $ticket.ContentType | Should -Be 'audio/wav'

        $asset = Send-FalAsset -LiteralPath $clip.FullName -Ticket $ticket
        $asset.FileUrl | Should -Be $ticket.FileUrl
        Assert-Served $asset

        Send-FalAsset -LiteralPath $clip.FullName -Ticket $ticket -ErrorVariable reuse -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $reuse | Should -HaveCount 1
        $reuse[0].FullyQualifiedErrorId | Should -BeLike 'FalStorage.TicketAlreadyUsed,*'
    }
}

Describe 'Errors by id' {
    AfterAll {
        $null = Connect-FalStorage -Endpoint $environment.Endpoint -Key $environment.Key
    }

    It 'reports a missing file as FalStorage.PathNotFound and uploads the others' {
        $good = New-TestFile -Folder (Join-Path -Path $TestDrive -ChildPath 'errors') -Name 'good.png'
        $missing = Join-Path -Path $TestDrive -ChildPath 'missing.png'

        $assets = @(Send-FalAsset -LiteralPath $missing, $good.FullName -ErrorVariable failures -ErrorAction SilentlyContinue)

        $assets | Should -HaveCount 1
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'FalStorage.PathNotFound,*'
        $failures[0].TargetObject | Should -Be $missing
    }

    It 'stops with FalStorage.Unauthorized when the key is refused' {
        $file = New-TestFile -Folder (Join-Path -Path $TestDrive -ChildPath 'errors') -Name 'refused.png'
        $null = Connect-FalStorage -Endpoint $environment.Endpoint -Key 'not-the-emulator-key'

        { Send-FalAsset -LiteralPath $file.FullName } | Should -Throw -ErrorId 'FalStorage.Unauthorized,*'
    }
}

Describe '-WhatIf' {
    It 'says what would be uploaded, where and as what, and uploads nothing' {
        $file = New-TestFile -Folder (Join-Path -Path $TestDrive -ChildPath 'whatif') -Name 'whatif.png'
        $command = @"
Import-Module '$($environment.Manifest)'
`$null = Connect-FalStorage -Endpoint '$($environment.Endpoint)' -Key '$($environment.Key)'
`$sent = @(Send-FalAsset -LiteralPath '$($file.FullName)' -WhatIf)
`$requested = @(Request-FalUpload -FileName 'whatif.png' -WhatIf)
"emitted: `$(`$sent.Count + `$requested.Count)"
"@
        $result = Invoke-ChildShell -Command $command
        $result.ExitCode | Should -Be 0 -Because $result.Error
        $endpoint = [regex]::Escape(([uri] $environment.Endpoint).AbsoluteUri)
        $result.Output | Should -Match ('What if: Performing the operation "Upload to ' + $endpoint + " as 'whatif\.png' \(image/png\)"" on target ""$([regex]::Escape($file.FullName))""")
        $result.Output | Should -Match ('What if: Performing the operation "Request an upload URL from ' + $endpoint + ' \(image/png\)" on target "whatif\.png"')
        $result.Output | Should -Match 'emitted: 0'
    }
}

Describe 'Sessions' {
    It 'Get-FalSession shows the key masked, and Disconnect-FalStorage forgets the session' {
        $session = Get-FalSession
        $session.Endpoint | Should -Not -BeNullOrEmpty
        $session.MaskedKey.StartsWith('****') | Should -BeTrue
        $session.MaskedKey | Should -Not -Be $environment.Key

        Disconnect-FalStorage
        Get-FalSession | Should -BeNullOrEmpty
        $null = Connect-FalStorage -Endpoint $environment.Endpoint -Key $environment.Key
    }
}
