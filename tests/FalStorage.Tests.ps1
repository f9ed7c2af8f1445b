#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    The user scenarios on a real PowerShell (pwsh, or Windows PowerShell 5.1), with the real
    Get-ChildItem, against a running fal Storage emulator. The xunit tests prove the same on an
    engine hosted in the test process; this suite is for contributors and CI machines with Pester 5.

    ./build.ps1 -Task Test builds the module, starts an emulator and runs this file. By hand, with the
    module built (out/FalStorage) and an emulator running:

        dotnet run --project src/FalStorage.Emulator -c Release -- --key my-dev-key
        $data = @{ Endpoint = 'http://127.0.0.1:8787'; Key = 'my-dev-key' }
        Invoke-Pester -Container (New-PesterContainer -Path ./tests/FalStorage.Tests.ps1 -Data $data) -Output Detailed
#>
param(
    [Parameter(Mandatory = $true)]
    [string] $Endpoint,

    [Parameter(Mandatory = $true)]
    [string] $Key
)

BeforeDiscovery {
    $manifestPath = [System.IO.Path]::Combine($PSScriptRoot, '..', 'out', 'FalStorage', 'FalStorage.psd1')
    Import-Module -Name $manifestPath -Force
    $cmdlets = @((Get-Command -Module FalStorage).Name)
}

BeforeAll {
    $manifestPath = [System.IO.Path]::Combine($PSScriptRoot, '..', 'out', 'FalStorage', 'FalStorage.psd1')
    Import-Module -Name $manifestPath -Force
    Connect-FalStorage -Endpoint $Endpoint -Key $Key | Out-Null

    function New-TestFile([string] $Name, [int] $Length = 2048) {
        $path = Join-Path -Path $TestDrive -ChildPath $Name
        $bytes = [byte[]]::new($Length)
        [System.Random]::new().NextBytes($bytes)
        [System.IO.File]::WriteAllBytes($path, $bytes)
        Get-Item -LiteralPath $path
    }

    function Get-ServedHash([string] $Url) {
        $downloaded = Join-Path -Path $TestDrive -ChildPath ([guid]::NewGuid().ToString('N'))
        Invoke-WebRequest -Uri $Url -OutFile $downloaded -UseBasicParsing
        (Get-FileHash -LiteralPath $downloaded -Algorithm SHA256).Hash
    }
}

Describe 'The module manifest' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $manifestPath -ErrorAction Stop } | Should -Not -Throw
    }

    It 'exports exactly the five cmdlets, for both editions' {
        $module = Test-ModuleManifest -Path $manifestPath
        $module.ExportedCmdlets.Keys | Sort-Object | Should -Be @('Connect-FalStorage', 'Disconnect-FalStorage', 'Get-FalSession', 'Request-FalUpload', 'Send-FalAsset')
        $module.CompatiblePSEditions | Sort-Object | Should -Be @('Core', 'Desktop')
        $module.PowerShellVersion | Should -Be ([version] '5.1')
        $module.ProjectUri | Should -Not -BeNullOrEmpty
        $module.LicenseUri | Should -Not -BeNullOrEmpty
    }
}

Describe 'Get-ChildItem | Send-FalAsset' {
    BeforeAll {
        $folder = New-Item -ItemType Directory -Path (Join-Path -Path $TestDrive -ChildPath 'art')
        foreach ($name in 'red.png', 'green.png', 'notes.txt') {
            New-TestFile -Name (Join-Path -Path 'art' -ChildPath $name) | Out-Null
        }
        $assets = @(Get-ChildItem -Path $folder.FullName -Filter *.png -File | Send-FalAsset)
    }

    It 'uploads each matching file once' {
        $assets.FileName | Sort-Object | Should -Be @('green.png', 'red.png')
    }

    It 'infers the content type and records the length' {
        $assets | ForEach-Object {
            $_.ContentType | Should -Be 'image/png'
            $_.Length | Should -Be 2048
        }
    }

    It 'serves every file back byte for byte' {
        foreach ($asset in $assets) {
            Get-ServedHash -Url $asset.FileUrl | Should -Be (Get-FileHash -LiteralPath $asset.SourcePath -Algorithm SHA256).Hash
        }
    }
}

Describe 'The ticket flow' {
    It 'uploads to a ticket once and refuses it the second time' {
        $clip = New-TestFile -Name 'clip.wav'
        $ticket = Request-FalUpload -FileName 'clip.wav'
        $ticket.ContentType | Should -Be 'audio/wav'

        $asset = Send-FalAsset -LiteralPath $clip.FullName -Ticket $ticket
        $asset.FileUrl | Should -Be $ticket.FileUrl
        Get-ServedHash -Url $asset.FileUrl | Should -Be (Get-FileHash -LiteralPath $clip.FullName -Algorithm SHA256).Hash

        Send-FalAsset -LiteralPath $clip.FullName -Ticket $ticket -ErrorVariable reuse -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $reuse | Should -HaveCount 1
        $reuse[0].FullyQualifiedErrorId | Should -BeLike 'FalStorage.TicketAlreadyUsed,*'
    }
}

Describe 'Errors by id' {
    AfterAll {
        Connect-FalStorage -Endpoint $Endpoint -Key $Key | Out-Null
    }

    It 'reports a missing file as FalStorage.PathNotFound and uploads the others' {
        $good = New-TestFile -Name 'good.png'
        $missing = Join-Path -Path $TestDrive -ChildPath 'missing.png'

        $assets = @(Send-FalAsset -LiteralPath $missing, $good.FullName -ErrorVariable failures -ErrorAction SilentlyContinue)

        $assets | Should -HaveCount 1
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'FalStorage.PathNotFound,*'
        $failures[0].TargetObject | Should -Be $missing
    }

    It 'stops with FalStorage.Unauthorized when the key is refused' {
        $file = New-TestFile -Name 'refused.png'
        Connect-FalStorage -Endpoint $Endpoint -Key 'not-the-emulator-key' | Out-Null

        { Send-FalAsset -LiteralPath $file.FullName } | Should -Throw -ErrorId 'FalStorage.Unauthorized,*'
    }
}

Describe '-WhatIf' {
    It 'emits nothing and sends nothing' {
        $file = New-TestFile -Name 'whatif.png'

        Send-FalAsset -LiteralPath $file.FullName -WhatIf | Should -BeNullOrEmpty
        Request-FalUpload -FileName 'whatif.png' -WhatIf | Should -BeNullOrEmpty
    }
}

Describe 'Sessions' {
    It 'Get-FalSession shows the key masked, and Disconnect-FalStorage forgets the session' {
        $session = Get-FalSession
        $session.Endpoint | Should -Not -BeNullOrEmpty
        $session.MaskedKey.StartsWith('****') | Should -BeTrue
        $session.MaskedKey | Should -Not -Be $Key

        Disconnect-FalStorage
        Get-FalSession | Should -BeNullOrEmpty
        Connect-FalStorage -Endpoint $Endpoint -Key $Key | Out-Null
    }
}

Describe 'Get-Help <_>' -ForEach $cmdlets {
    BeforeAll {
        $help = Get-Help -Name $_ -Full
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        $parameters = @((Get-Command -Name $_).Parameters.Keys | Where-Object { $common -notcontains $_ })
    }

    It 'has a synopsis and a description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '\[<CommonParameters>\]'
        ($help.description.Text -join ' ') | Should -Not -BeNullOrEmpty
    }

    It 'has at least three examples' {
        @($help.examples.example).Count | Should -BeGreaterOrEqual 3
    }

    It 'describes every parameter' {
        $described = @($help.parameters.parameter | Where-Object { ($_.description.Text -join ' ').Trim() } | ForEach-Object { $_.name })
        $parameters | Where-Object { $described -notcontains $_ } | Should -BeNullOrEmpty
    }
}
