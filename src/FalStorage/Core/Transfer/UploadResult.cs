using System;

namespace FalStorage.Core.Transfer
{
    /// <summary>What an upload came to: where the CDN serves it, and what is known of the bytes there.</summary>
    internal sealed record UploadResult(Uri FileUrl, long Length)
    {
        /// <summary>The bytes' SHA-256, when they were hashed on the way or read back; else null.</summary>
        public string? Sha256 { get; init; }

        /// <summary>Whether the CDN was read back and serves <see cref="Length"/> bytes with <see cref="Sha256"/> (-Verify).</summary>
        public bool Verified { get; init; }

        /// <summary>The ETag the CDN gave, when a HEAD was made.</summary>
        public string? ETag { get; init; }

        /// <summary>When the CDN deletes the file, as its lifetime asked; null when none was asked for.</summary>
        public DateTimeOffset? ExpiresAt { get; init; }

        /// <summary>Whether nothing was sent: the same bytes were already served at <see cref="FileUrl"/> (-SkipUnchanged).</summary>
        public bool Reused { get; init; }
    }
}
