<#
    Send-FalAsset -Content as a user types it: bytes from a file or a web answer, a prompt in a string, a stream
    that cannot seek (a decompressing GZipStream) larger than the multipart threshold.
#>
BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'TestSupport.psm1') -Force
    $environment = Initialize-TestEnvironment

    function Get-BytesHash([byte[]] $Bytes) {
        (Get-FileHash -InputStream ([System.IO.MemoryStream]::new($Bytes)) -Algorithm SHA256).Hash
    }
}

AfterAll {
    Clear-TestEnvironment $environment
}

Describe 'Send-FalAsset -Content' {
    It 'uploads the bytes of [IO.File]::ReadAllBytes under -FileName, with the type the name implies and no SourcePath' {
        $file = New-TestFile -Folder (Join-Path -Path $TestDrive -ChildPath 'bytes') -Name 'photo.jpg'
        $asset = Send-FalAsset -Content ([System.IO.File]::ReadAllBytes($file)) -FileName 'from-memory.jpg'
        $asset.FileName | Should -Be 'from-memory.jpg'
        $asset.ContentType | Should -Be 'image/jpeg'
        $asset.SourcePath | Should -BeNullOrEmpty
        Get-ServedHash -Url $asset.FileUrl | Should -Be (Get-FileHash -LiteralPath $file -Algorithm SHA256).Hash
    }

    It 'sends a string as UTF-8 without a byte order mark, as text/plain; charset=utf-8' {
        $asset = Send-FalAsset -Content 'Ein Koala liest eine Karte' -FileName 'prompt.txt'
        $asset.ContentType | Should -Be 'text/plain; charset=utf-8'
        $served = Invoke-WebRequest -Uri $asset.FileUrl -UseBasicParsing
        $served.RawContentStream.ToArray() | Should -Be ([System.Text.UTF8Encoding]::new($false).GetBytes('Ein Koala liest eine Karte'))
    }

    It 'sends a stream that cannot seek, larger than the threshold, in parts as it reads it' {
        $bytes = [byte[]]::new(11MB)
        [System.Random]::new(7).NextBytes($bytes)
        $compressed = [System.IO.MemoryStream]::new()
        $gzip = [System.IO.Compression.GZipStream]::new($compressed, [System.IO.Compression.CompressionMode]::Compress, $true)
        $gzip.Write($bytes, 0, $bytes.Length)
        $gzip.Dispose()
        $compressed.Position = 0
        $unzipping = [System.IO.Compression.GZipStream]::new($compressed, [System.IO.Compression.CompressionMode]::Decompress)
        $unzipping.CanSeek | Should -BeFalse

        $asset = Send-FalAsset -Content $unzipping -FileName 'unzipped.bin' -MultipartThreshold 5MB -PartSize 5MB -Verify

        $asset.Length | Should -Be $bytes.Length
        $asset.Sha256 | Should -Be (Get-BytesHash $bytes)
        Get-ServedHash -Url $asset.FileUrl | Should -Be (Get-BytesHash $bytes)
    }

    It 'takes -Content by parameter only: piped bytes are read as paths, and the help says why' {
        $errors = @()
        $assets = @([byte[]](1, 2) | Send-FalAsset -ErrorAction SilentlyContinue -ErrorVariable errors)
        $assets | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'FalStorage.PathNotFound,*'
        (Get-Help Send-FalAsset -Parameter Content | Out-String) | Should -Match 'By parameter only'
    }

    It 'refuses what it cannot send with FalStorage.InvalidContent, telling how to cast numbers' {
        { Send-FalAsset -Content @(1, 2, 3) -FileName 'numbers.bin' -ErrorAction Stop } |
            Should -Throw -ErrorId 'FalStorage.InvalidContent,FalStorage.Commands.SendFalAssetCommand' -ExpectedMessage '*-Content ([[]byte[[][]]]$values)*'
    }
}
