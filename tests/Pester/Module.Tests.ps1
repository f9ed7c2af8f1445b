<#
    The module as a shell shows it: manifests, help, views and tab completion.
#>
BeforeDiscovery {
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.psm1') -Force
    Import-Module -Name (Get-BuiltModule) -Force
    $cmdlets = @((Get-Command -Module FalStorage).Name)
}

BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.psm1') -Force
    $environment = Initialize-TestEnvironment
    $root = Get-RepositoryRoot
}

AfterAll {
    Clear-TestEnvironment $environment
}

Describe 'The manifests' {
    It 'the built one passes Test-ModuleManifest and exports exactly its twelve cmdlets, for both editions' {
        $module = Test-ModuleManifest -Path $environment.Manifest -ErrorAction Stop
        $module.ExportedCmdlets.Keys | Sort-Object | Should -Be @('Clear-FalUploadIndex', 'Connect-FalStorage', 'Disconnect-FalStorage', 'Get-FalAssetAcl', 'Get-FalSession', 'Get-FalStorageSetting', 'New-FalSignedUrl', 'Request-FalUpload', 'Save-FalAsset', 'Send-FalAsset', 'Set-FalAssetAcl', 'Set-FalStorageSetting')
        $module.CompatiblePSEditions | Sort-Object | Should -Be @('Core', 'Desktop')
        $module.PowerShellVersion | Should -Be ([version] '5.1')
        $module.ProjectUri | Should -Not -BeNullOrEmpty
        $module.LicenseUri | Should -Not -BeNullOrEmpty
        $module.HelpInfoUri | Should -Be $module.ProjectUri.AbsoluteUri.TrimEnd('/')
    }

    It 'the one at the repository root passes Test-ModuleManifest, with the same version' {
        $rootModule = Test-ModuleManifest -Path (Join-Path -Path $root -ChildPath 'FalStorage.psd1') -ErrorAction Stop
        $rootModule.Version | Should -Be (Test-ModuleManifest -Path $environment.Manifest).Version
        $rootModule.HelpInfoUri | Should -Be (Test-ModuleManifest -Path $environment.Manifest).HelpInfoUri
    }

    It 'Import-Module ./FalStorage.psd1 at the repository root imports the built module, help included' {
        $result = Invoke-ChildShell -Command @'
Import-Module ./FalStorage.psd1 -ErrorAction Stop
(Get-Command -Module FalStorage).Name -join ','
(Get-Help Send-FalAsset).Synopsis
(Get-Command Send-FalAsset).ImplementingType.Assembly.Location
'@
        $result.ExitCode | Should -Be 0 -Because $result.Error
        $lines = @($result.Output -split '\r?\n' | Where-Object { $_ })
        $lines[0] | Should -Be 'Clear-FalUploadIndex,Connect-FalStorage,Disconnect-FalStorage,Get-FalAssetAcl,Get-FalSession,Get-FalStorageSetting,New-FalSignedUrl,Request-FalUpload,Save-FalAsset,Send-FalAsset,Set-FalAssetAcl,Set-FalStorageSetting'
        $lines[1] | Should -BeLike 'Uploads files to the fal CDN*'
        $lines[2] | Should -Be (Join-Path -Path $root -ChildPath (Join-Path -Path 'out' -ChildPath (Join-Path -Path 'FalStorage' -ChildPath 'FalStorage.dll')))
    }

    It 'Import-Module ./FalStorage.psd1 at the repository root finds about_FalStorage, by its name and by about_Fal*' {
        $result = Invoke-ChildShell -Command @'
Import-Module ./FalStorage.psd1 -ErrorAction Stop
(Get-Help about_FalStorage | Out-String -Width 200) -split '\r?\n' | Where-Object { $_.Trim() } | Select-Object -First 2
'---'
(Get-Help about_Fal*).Name
'@
        $result.ExitCode | Should -Be 0 -Because $result.Error
        $lines = @($result.Output -split '\r?\n' | Where-Object { $_ } | ForEach-Object { $_.Trim() })
        $lines[0..1] | Should -Be @('TOPIC', 'about_FalStorage')
        $lines[3..($lines.Count - 1)] | Should -Be @('about_FalStorage')
    }

    It 'Import-Module ./FalStorage.psd1 in a clone that is not built yet says to build first' {
        # The clone before a build: the root manifest and the files of the repository it names, without out/.
        $clone = Join-Path -Path $TestDrive -ChildPath 'unbuilt-clone'
        $null = New-Item -ItemType Directory -Path $clone
        Copy-Item -LiteralPath (Join-Path -Path $root -ChildPath 'FalStorage.psd1') -Destination $clone
        $manifest = Import-PowerShellDataFile -LiteralPath (Join-Path -Path $root -ChildPath 'FalStorage.psd1')
        $sources = @($manifest.NestedModules) + @($manifest.FormatsToProcess) | Where-Object { $_ -notlike 'out/*' }
        foreach ($named in $sources) {
            $destination = Join-Path -Path $clone -ChildPath $named
            $null = New-Item -ItemType Directory -Path (Split-Path -Path $destination -Parent) -Force
            Copy-Item -LiteralPath (Join-Path -Path $root -ChildPath $named) -Destination $destination
        }
        $command = "Set-Location -LiteralPath '$clone'; Import-Module ./FalStorage.psd1 -ErrorAction Stop"

        $result = Invoke-ChildShell -Command $command

        $result.ExitCode | Should -Not -Be 0
        $result.Error | Should -Match 'not built yet'
        $result.Error | Should -Match ([regex]::Escape('dotnet build FalStorage.sln -c Release'))
        $result.Error | Should -Not -Match 'is not valid'
    }
}

Describe 'Get-Help <_>' -ForEach $cmdlets {
    BeforeAll {
        $help = Get-Help -Name $_ -Full
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        $parameters = @((Get-Command -Name $_).Parameters.Keys | Where-Object { $common -notcontains $_ })
        # A cmdlet with no parameters of its own has an empty 'parameters' (no 'parameter' property at all).
        $documented = @($help.parameters.PSObject.Properties.Match('parameter') | ForEach-Object { $_.Value })
        $examples = @($help.examples.example)
    }

    It 'has a synopsis and a description' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '\[<CommonParameters>\]'
        ($help.description.Text -join ' ') | Should -Not -BeNullOrEmpty
    }

    It 'has at least three examples, each of which parses' {
        $examples.Count | Should -BeGreaterOrEqual 3
        foreach ($example in $examples) {
            $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseInput($example.code, [ref] $null, [ref] $errors)
            $errors | Should -BeNullOrEmpty -Because "$($example.title) has code: $($example.code)"
        }
    }

    It 'describes every parameter' {
        $described = @($documented | Where-Object { ($_.description.Text -join ' ').Trim() } | ForEach-Object { $_.name })
        $parameters | Where-Object { $described -notcontains $_ } | Should -BeNullOrEmpty
    }
}

Describe 'Get-Help -Online' {
    It 'opens each cmdlet''s section of the project page' -Skip:(-not [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Linux)) {
        # .NET opens a URL on Linux with xdg-open: a stand-in first on PATH records what it was given.
        $bin = Join-Path -Path $TestDrive -ChildPath 'browser'
        $opened = Join-Path -Path $bin -ChildPath 'opened.txt'
        $null = New-Item -ItemType Directory -Path $bin
        Set-Content -LiteralPath (Join-Path -Path $bin -ChildPath 'xdg-open') -Value "#!/bin/sh`necho `"`$1`" >> '$opened'" -NoNewline
        & chmod +x (Join-Path -Path $bin -ChildPath 'xdg-open')
        $projectUri = (Test-ModuleManifest -Path $environment.Manifest).ProjectUri.AbsoluteUri.TrimEnd('/')
        $names = @((Get-Command -Module FalStorage).Name)
        $command = "Import-Module '$($environment.Manifest)'; Get-Command -Module FalStorage | ForEach-Object { Get-Help `$_.Name -Online }"

        $result = Invoke-ChildShell -Command $command -Environment @{ PATH = $bin + [System.IO.Path]::PathSeparator + $env:PATH }

        $result.ExitCode | Should -Be 0 -Because $result.Error
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while (@(Get-Content -LiteralPath $opened -ErrorAction SilentlyContinue).Count -lt $names.Count -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        $readme = Get-Content -LiteralPath (Join-Path -Path $root -ChildPath 'README.md')
        @(Get-Content -LiteralPath $opened | Sort-Object) | Should -Be @($names | Sort-Object | ForEach-Object { "$projectUri#$($_.ToLowerInvariant())" })
        foreach ($cmdlet in $names) { $readme | Should -Contain "### $cmdlet" }
    }
}

Describe 'Connect-FalStorage -Key (Get-Secret FalKey): the key from a vault, never on a command line' {
    BeforeAll {
        $vaultFile = New-TestFile -Folder (Join-Path -Path $TestDrive -ChildPath 'vault') -Name 'from-the-vault.png' -Length 700
    }

    It 'takes the <Kind> that Get-Secret returns' -ForEach @(
        @{ Kind = 'SecureString'; AsPlainText = $false }, @{ Kind = 'plain string (-AsPlainText)'; AsPlainText = $true }
    ) {
        # A stand-in for Microsoft.PowerShell.SecretManagement's Get-Secret: the secret as a SecureString, or with
        # -AsPlainText as a string.
        function Get-Secret([string] $Name, [switch] $AsPlainText) {
            if ($Name -ne 'FalKey') { throw "No secret named $Name." }
            if ($AsPlainText) { $environment.Key } else { ConvertTo-SecureString -String $environment.Key -AsPlainText -Force }
        }

        $session = Connect-FalStorage -Endpoint $environment.Endpoint -Key (Get-Secret FalKey -AsPlainText:$AsPlainText)
        $asset = Send-FalAsset -LiteralPath $vaultFile.FullName -Session $session

        (Get-Secret FalKey -AsPlainText:$AsPlainText) -is [securestring] | Should -Be (-not $AsPlainText)
        $session.KeySource | Should -Be 'Parameter'
        $session.MaskedKey | Should -Be ('****' + $environment.Key.Substring($environment.Key.Length - 4))
        Get-ServedHash -Url $asset.FileUrl | Should -Be (Get-FileHash -LiteralPath $vaultFile.FullName -Algorithm SHA256).Hash
    }
}

Describe 'Views, as Out-String renders them' {
    BeforeAll {
        $folder = Join-Path -Path $TestDrive -ChildPath 'views'
        $file = New-TestFile -Folder $folder -Name 'red.png' -Length 1536
        $asset = Send-FalAsset -LiteralPath $file.FullName -Verify -ExpiresIn 1h
    }

    It 'a FalAsset is a table of readable Length and FileUrl' {
        $lines = @(($asset | Out-String -Width 250) -split '\r?\n' | Where-Object { $_.Trim() })
        $lines[0] | Should -Match '^\s*Length\s+FileUrl$'
        $lines[2] | Should -Match ('^\s*1\.5 KB\s+' + [regex]::Escape($asset.FileUrl) + '$')
    }

    It 'in a 100-column terminal the table shows each FileUrl whole, as does the ticket table' {
        # As long a URL as the emulator gives a sample with a long name: its 32-hex object id, then the name.
        $long = New-TestFile -Folder $folder -Name 'sunset-over-the-bay.png' -Length 12700
        $assets = @($file, $long | Send-FalAsset)
        $ticket = Request-FalUpload -FileName 'sunset-over-the-bay.png'
        $assets[1].FileUrl.Length | Should -BeGreaterThan 80

        $table = $assets | Out-String -Width 100
        $ticketTable = $ticket | Out-String -Width 100

        foreach ($each in $assets) { $table | Should -Match ('(?m)^\s*[0-9.]+ [KMG]?B\s+' + [regex]::Escape($each.FileUrl) + '\s*$') }
        $ticketTable | Should -Match ('(?m)^image/png\s+' + [regex]::Escape($ticket.FileUrl) + '\s*$')
        ($table + $ticketTable) | Should -Not -Match ([char] 0x2026)
    }

    It 'Format-List of a FalAsset shows every property the table leaves out' {
        $text = $asset | Format-List | Out-String -Width 100
        foreach ($name in 'FileName', 'Length', 'ContentType', 'FileUrl', 'ExpiresAt', 'SourcePath', 'Sha256', 'Reused') {
            $text | Should -Match ('(?m)^' + $name + '\s+:')
        }
        $text | Should -Match ('FileName\s+:\s+red\.png')
        $text | Should -Match ('ContentType\s+:\s+image/png')
    }

    It 'Format-List of a FalAsset shows where it came from' {
        $text = $asset | Format-List | Out-String -Width 250
        $text | Should -Match ('FileUrl\s+:\s+' + [regex]::Escape($asset.FileUrl))
        $text | Should -Match ('SourcePath\s+:\s+' + [regex]::Escape($file.FullName))
        $text | Should -Match ('Sha256\s+:\s+' + (Get-FileHash -LiteralPath $file.FullName -Algorithm SHA256).Hash)
        $text | Should -Match 'ExpiresAt\s+:\s+\S'
    }

    It 'a FalAsset goes where a URL goes: -Uri, [uri], and a string in a JSON body' {
        (Invoke-WebRequest -Uri $asset -UseBasicParsing).StatusCode | Should -Be 200
        ([uri] $asset).AbsoluteUri | Should -Be $asset.FileUrl
        (@{ image_url = "$asset" } | ConvertTo-Json -Compress) | Should -Be ('{"image_url":"' + $asset.FileUrl + '"}')
    }

    It 'a FalSession shows the key masked' {
        $text = Get-FalSession | Out-String -Width 250
        $text | Should -Match '^\s*Endpoint\s+Key\s+ConnectedAt'
        $text | Should -Match '\*\*\*\*'
        $text | Should -Not -Match ([regex]::Escape($environment.Key))
    }
}

Describe 'Tab completion with TabExpansion2' {
    It 'completes -ContentType of <Command> from the known types' -ForEach @(
        @{ Command = 'Send-FalAsset' }, @{ Command = 'Request-FalUpload' }
    ) {
        $line = "$Command -ContentType image/p"
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $completions | Should -Contain 'image/png'
        $completions | Where-Object { $_ -notlike 'image/p*' } | Should -BeNullOrEmpty
    }

    It 'completes -Endpoint with the known endpoints, not file names' {
        $line = 'Connect-FalStorage -Endpoint '
        $completions = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText)
        $completions | Should -Contain 'https://rest.alpha.fal.ai'
        $completions | Should -Contain 'http://127.0.0.1:8787'
        $completions | Where-Object { $_ -notmatch '^https?://' } | Should -BeNullOrEmpty
    }

    It 'completes -ExpiresIn with the lifetime presets' {
        $line = 'Send-FalAsset ./a.png -ExpiresIn '
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        foreach ($preset in '1h', '1d', '7d', '30d', '1y', 'never') { $completions | Should -Contain $preset }
    }
}
