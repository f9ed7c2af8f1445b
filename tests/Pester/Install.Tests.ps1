<#
    The module as users get it: the Gallery package installed with PSResourceGet from a local repository, the
    Azure Automation zip expanded into a module folder, and the sample runbook; each imported by name in a new
    shell and used for one upload.
#>
BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.psm1') -Force
    $environment = Initialize-TestEnvironment
    $root = Get-RepositoryRoot
    $packages = Join-Path -Path $TestDrive -ChildPath 'packages'
    $version = (Test-ModuleManifest -Path $environment.Manifest).Version

    # build.ps1 makes the nupkg with PSResourceGet, which Windows PowerShell 5.1 has only when it was installed.
    $canPackage = [bool] (Get-Command -Name Compress-PSResource -ErrorAction SilentlyContinue)
    if ($canPackage) { $build = Invoke-ChildShell -Command "& ./build.ps1 -Task Package -Configuration $(Get-TestConfiguration) -OutputPath '$packages'" }
    $file = New-TestFile -Folder (Join-Path -Path $TestDrive -ChildPath 'media') -Name 'render.png'

    # The environment of child shells whose profile folders (HOME, the XDG folders) are a new folder under
    # $TestDrive: what they install and register stays there.
    # The folders must exist: .NET's GetFolderPath answers "" for a missing one, and PSResourceGet then keeps its
    # repository list in a folder of the current directory (the repository itself).
    function New-IsolatedProfile {
        $profileRoot = Join-Path -Path $TestDrive -ChildPath ('home-' + [guid]::NewGuid().ToString('N'))
        $isolated = @{ HOME = $profileRoot; XDG_DATA_HOME = "$profileRoot/.local/share"; XDG_CONFIG_HOME = "$profileRoot/.config"; XDG_CACHE_HOME = "$profileRoot/.cache" }
        foreach ($folder in $isolated.Values) { $null = New-Item -ItemType Directory -Path $folder -Force }
        $isolated
    }

    # One upload in a shell that has the module by name only; prints the module's folder and the URL.
    $uploadByName = @"
Import-Module FalStorage -ErrorAction Stop
(Get-Module FalStorage).ModuleBase
`$null = Connect-FalStorage -Endpoint '$($environment.Endpoint)' -Key '$($environment.Key)'
(Send-FalAsset -LiteralPath '$($file.FullName)').FileUrl
"@
}

AfterAll {
    Clear-TestEnvironment $environment
}

Describe 'build.ps1 -Task Package' {
    BeforeEach {
        if (-not $canPackage) { Set-ItResult -Skipped -Because 'PSResourceGet (Compress-PSResource) is not installed in this shell' }
    }

    It 'writes the nupkg and the zip and says what each is for' {
        $build.ExitCode | Should -Be 0 -Because $build.Error
        $build.Output | Should -Match "FalStorage\.$([regex]::Escape($version)).nupkg \(\d+(\.\d)? KB\): for the PowerShell Gallery"
        $build.Output | Should -Match 'FalStorage\.zip \(\d+(\.\d)? KB\): for Azure Automation'
        Join-Path -Path $packages -ChildPath "FalStorage.$version.nupkg" | Should -Exist
        Join-Path -Path $packages -ChildPath 'FalStorage.zip' | Should -Exist
    }
}

Describe 'Install-PSResource from a local repository' {
    BeforeEach {
        if (-not $canPackage) { Set-ItResult -Skipped -Because 'PSResourceGet is not installed in this shell' }
    }

    It 'installs the built nupkg; a new shell imports FalStorage by name and uploads' {
        $isolated = New-IsolatedProfile
        try {
            $install = Invoke-ChildShell -Environment $isolated -Command @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name FalStorageLocal -Uri '$packages' -Trusted
Install-PSResource -Name FalStorage -Repository FalStorageLocal -Scope CurrentUser -TrustRepository -Quiet
(Get-InstalledPSResource -Name FalStorage).Version.ToString()
"@
            $install.ExitCode | Should -Be 0 -Because "$($install.Output) $($install.Error)"
            $install.Output.Trim() | Should -Be $version.ToString()

            $upload = Invoke-ChildShell -Environment $isolated -Command $uploadByName
            $upload.ExitCode | Should -Be 0 -Because "$($upload.Output) $($upload.Error)"
            $lines = @($upload.Output -split '\r?\n' | Where-Object { $_ })
            $lines[0] | Should -Not -BeLike "$root*"
            $lines[0] | Should -Match 'FalStorage'
            Get-ServedHash -Url $lines[1] | Should -Be (Get-FileHash -LiteralPath $file.FullName -Algorithm SHA256).Hash
        }
        finally {
            $null = Invoke-ChildShell -Environment $isolated -Command 'Uninstall-PSResource -Name FalStorage -Scope CurrentUser -ErrorAction SilentlyContinue; Unregister-PSResourceRepository -Name FalStorageLocal -ErrorAction SilentlyContinue'
        }
        Join-Path -Path $root -ChildPath 'PSResourceGet' | Should -Not -Exist -Because 'what the test registers stays in its own profile'
        Get-ChildItem -LiteralPath (Join-Path -Path $isolated.XDG_DATA_HOME -ChildPath 'PSResourceGet') -Filter *.xml | Should -Not -BeNullOrEmpty
    }
}

Describe 'The Azure Automation zip' {
    BeforeEach {
        if (-not $canPackage) { Set-ItResult -Skipped -Because 'build.ps1 -Task Package needs PSResourceGet, which is not installed in this shell' }
    }

    BeforeAll {
        if (-not $canPackage) { return }
        $modules = Join-Path -Path $TestDrive -ChildPath 'Modules'
        Expand-Archive -LiteralPath (Join-Path -Path $packages -ChildPath 'FalStorage.zip') -DestinationPath $modules
        $withModules = "`$env:PSModulePath = '$modules' + [IO.Path]::PathSeparator + `$env:PSModulePath`n"
    }

    It 'holds one folder, FalStorage, that imports by name from PSModulePath and uploads' {
        @(Get-ChildItem -LiteralPath $modules).Name | Should -Be @('FalStorage')
        $result = Invoke-ChildShell -Command ($withModules + $uploadByName)
        $result.ExitCode | Should -Be 0 -Because $result.Error
        $lines = @($result.Output -split '\r?\n' | Where-Object { $_ })
        $lines[0] | Should -Be (Join-Path -Path $modules -ChildPath 'FalStorage')
        Get-ServedHash -Url $lines[1] | Should -Be (Get-FileHash -LiteralPath $file.FullName -Algorithm SHA256).Hash
    }

    It 'runs the sample runbook with a stand-in Get-AutomationVariable, writing one URL per file' {
        $runbook = Join-Path -Path $root -ChildPath 'samples/Upload-FalAssets.runbook.ps1'
        $folder = Join-Path -Path $TestDrive -ChildPath 'runbook'
        $renders = @('a.png', 'b.png' | ForEach-Object { New-TestFile -Folder $folder -Name $_ })
        $result = Invoke-ChildShell -Command ($withModules + @"
function Get-AutomationVariable([string] `$Name) { if (`$Name -eq 'FalKey') { '$($environment.Key)' } }
& '$runbook' -Path '$folder/*.png' -Endpoint '$($environment.Endpoint)' -ExpiresIn 1d
"@)
        $result.ExitCode | Should -Be 0 -Because $result.Error
        $urls = @($result.Output -split '\r?\n' | Where-Object { $_ })
        $urls | Should -HaveCount 2
        foreach ($index in 0, 1) {
            Get-ServedHash -Url $urls[$index] | Should -Be (Get-FileHash -LiteralPath $renders[$index].FullName -Algorithm SHA256).Hash
        }
    }
}
