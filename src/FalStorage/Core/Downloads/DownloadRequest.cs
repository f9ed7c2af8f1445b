using System;

namespace FalStorage.Core.Downloads
{
    /// <summary>One file to download: where from, where to, and what its bytes should hash to, when known.</summary>
    internal sealed class DownloadRequest
    {
        public DownloadRequest(Uri url, string targetPath, string? expectedSha256)
        {
            Url = url;
            TargetPath = targetPath;
            ExpectedSha256 = expectedSha256;
        }

        public Uri Url { get; }

        /// <summary>The full path the file is saved to, inside the destination folder.</summary>
        public string TargetPath { get; }

        /// <summary>A FalAsset's SHA-256 (hex), for -Verify and to recognise an existing file with the same bytes.</summary>
        public string? ExpectedSha256 { get; }

        public string FileName => System.IO.Path.GetFileName(TargetPath);
    }
}
