<#
    Sessions belong to runspaces: ForEach-Object -Parallel and thread jobs get the one they are given with
    -Session $using:session, and a runspace with neither a session nor a key is told what to do.
#>
BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.psm1') -Force
    $environment = Initialize-TestEnvironment
    $session = Get-FalSession
    $manifest = $environment.Manifest
    $folder = Join-Path -Path $TestDrive -ChildPath 'parallel'
    $files = @(1..6 | ForEach-Object { New-TestFile -Folder $folder -Name "frame-$_.png" })

    # fal's key variables are process-wide: a runspace that was given no session must find none of them.
    $savedKeys = @{}
    foreach ($name in 'FAL_KEY', 'FAL_KEY_ID', 'FAL_KEY_SECRET') {
        $savedKeys[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $null)
    }
}

AfterAll {
    foreach ($name in $savedKeys.Keys) { [Environment]::SetEnvironmentVariable($name, $savedKeys[$name]) }
    Clear-TestEnvironment $environment
}

Describe 'ForEach-Object -Parallel' {
    BeforeEach {
        if ($PSVersionTable.PSVersion.Major -lt 7) { Set-ItResult -Skipped -Because 'ForEach-Object -Parallel is PowerShell 7 and later' }
    }

    It 'uploads with -Session $using:session in every runspace' {
        $assets = @($files | ForEach-Object -ThrottleLimit 3 -Parallel {
                Import-Module -Name $using:manifest
                Send-FalAsset -LiteralPath $_.FullName -Session $using:session
            })
        $assets.FileName | Sort-Object | Should -Be @($files.Name | Sort-Object)
        foreach ($asset in $assets) {
            Get-ServedHash -Url $asset.FileUrl | Should -Be (Get-FileHash -LiteralPath $asset.SourcePath -Algorithm SHA256).Hash
        }
    }

    It 'tells a runspace with neither a session nor a key how to pass one' {
        $failure = $files[0] | ForEach-Object -Parallel {
            Import-Module -Name $using:manifest
            try { Send-FalAsset -LiteralPath $_.FullName; 'uploaded' } catch { $_ }
        }
        $failure | Should -BeOfType [System.Management.Automation.ErrorRecord]
        $failure.FullyQualifiedErrorId | Should -BeLike 'FalStorage.NoCredentials,*'
        $failure.Exception.Message | Should -Match 'runspace'
        $failure.Exception.Message | Should -Match ([regex]::Escape('-Session $using:session'))
    }
}

Describe 'Start-ThreadJob' {
    BeforeEach {
        if (-not (Get-Command -Name Start-ThreadJob -ErrorAction SilentlyContinue)) { Set-ItResult -Skipped -Because 'the ThreadJob module is not installed here' }
    }

    It 'uploads with -Session $using:session' {
        $file = $files[1].FullName
        $asset = Start-ThreadJob -ScriptBlock {
            Import-Module -Name $using:manifest
            Send-FalAsset -LiteralPath $using:file -Session $using:session
        } | Receive-Job -Wait -AutoRemoveJob
        $asset.SourcePath | Should -Be $file
        Get-ServedHash -Url $asset.FileUrl | Should -Be (Get-FileHash -LiteralPath $file -Algorithm SHA256).Hash
    }

    It 'reports FalStorage.NoCredentials in a job that was given no session' {
        $file = $files[2].FullName
        $job = Start-ThreadJob -ScriptBlock {
            Import-Module -Name $using:manifest
            Send-FalAsset -LiteralPath $using:file
        }
        { $job | Receive-Job -Wait -AutoRemoveJob -ErrorAction Stop } | Should -Throw -ErrorId 'FalStorage.NoCredentials*'
    }
}

# Issue 17, item 7: a job is another process, and a session does not cross into one.
Describe 'Start-Job' {
    It 'refuses a session passed with $using:session, saying the job must connect itself' {
        $file = $files[3].FullName
        $job = Start-Job -ScriptBlock {
            Import-Module -Name $using:manifest
            Send-FalAsset -LiteralPath $using:file -Session $using:session
        }
        $failure = $null
        try { $job | Receive-Job -Wait -AutoRemoveJob -ErrorAction Stop } catch { $failure = $_ }
        $failure | Should -Not -BeNullOrEmpty
        $failure.Exception.Message | Should -Not -Match 'Cannot convert'
        $failure.Exception.Message | Should -Match 'another process'
        $failure.Exception.Message | Should -Match 'Connect-FalStorage'
        $failure.Exception.Message | Should -Match 'FAL_KEY'
    }

    It 'uploads when the job connects itself with the key from FAL_KEY' {
        $file = $files[4].FullName
        $endpoint = $environment.Endpoint
        $key = $environment.Key
        $asset = Start-Job -ScriptBlock {
            $env:FAL_KEY = $using:key
            Import-Module -Name $using:manifest
            $null = Connect-FalStorage -Endpoint $using:endpoint
            Send-FalAsset -LiteralPath $using:file
        } | Receive-Job -Wait -AutoRemoveJob
        $asset.FileName | Should -Be $files[4].Name
        Get-ServedHash -Url $asset.FileUrl | Should -Be (Get-FileHash -LiteralPath $file -Algorithm SHA256).Hash
    }
}

Describe 'Send-FalAsset -SkipUnchanged across runspaces' {
    BeforeEach {
        if ($PSVersionTable.PSVersion.Major -lt 7) { Set-ItResult -Skipped -Because 'ForEach-Object -Parallel is PowerShell 7 and later' }
    }

    It 'eight runspaces share one index: a second pass sends nothing and every asset is Reused' {
        $index = Join-Path -Path $TestDrive -ChildPath 'shared-index.json'
        $pass = {
            @($files | ForEach-Object -ThrottleLimit 8 -Parallel {
                    Import-Module -Name $using:manifest
                    Send-FalAsset -LiteralPath $_.FullName -Session $using:session -SkipUnchanged -IndexPath $using:index
                })
        }
        $first = & $pass
        $second = & $pass

        $first | Where-Object Reused | Should -BeNullOrEmpty
        @($second | Where-Object Reused).Count | Should -Be $files.Count
        ($second | Sort-Object FileName).FileUrl | Should -Be ($first | Sort-Object FileName).FileUrl
        Get-Content -LiteralPath $index -Raw | Should -Not -Match ([regex]::Escape($environment.Key))
    }
}
