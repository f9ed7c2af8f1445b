using System;

namespace FalStorage.Core
{
    /// <summary>One upload the index remembers: what was sent, and where the CDN serves it until when.</summary>
    internal sealed class UploadIndexEntry
    {
        public UploadIndexEntry(UploadIndexKey key, string fileUrl, DateTimeOffset uploadedAt, DateTimeOffset? expiresAt)
        {
            Key = key;
            FileUrl = fileUrl;
            UploadedAt = uploadedAt;
            ExpiresAt = expiresAt;
        }

        public UploadIndexKey Key { get; }

        public string FileUrl { get; }

        public DateTimeOffset UploadedAt { get; }

        /// <summary>When the CDN deletes the file (the -ExpiresIn it was uploaded with); null when it keeps it.</summary>
        public DateTimeOffset? ExpiresAt { get; }

        /// <summary>Whether the URL still serves the file at <paramref name="now"/>, by the lifetime it was given.</summary>
        public bool IsLiveAt(DateTimeOffset now) => ExpiresAt == null || ExpiresAt > now;
    }
}
