using System;

namespace FalStorage.Core.Transfer
{
    internal sealed class UploadResult
    {
        public UploadResult(Uri fileUrl, long length, string? sha256, DateTimeOffset? expiresAt, bool reused = false)
        {
            Reused = reused;
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

        /// <summary>Whether nothing was sent: the same bytes were already served at <see cref="FileUrl"/> (-SkipUnchanged).</summary>
        public bool Reused { get; }
    }
}
