using System;

namespace FalStorage.Core
{
    internal sealed class UploadResult
    {
        public UploadResult(Uri fileUrl, long length, string? sha256, DateTimeOffset? expiresAt)
        {
            FileUrl = fileUrl;
            Length = length;
            Sha256 = sha256;
            ExpiresAt = expiresAt;
        }

        public Uri FileUrl { get; }

        public long Length { get; }

        /// <summary>The SHA-256 the CDN serves, when the upload was verified.</summary>
        public string? Sha256 { get; }

        /// <summary>When the CDN deletes the file, as its lifetime asked; null when none was asked for.</summary>
        public DateTimeOffset? ExpiresAt { get; }
    }
}
