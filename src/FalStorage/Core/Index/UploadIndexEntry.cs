using System;

namespace FalStorage.Core.Index
{
    /// <summary>One upload the index remembers: what was sent, and where the CDN serves it until when.</summary>
    internal sealed class UploadIndexEntry
    {
        public UploadIndexEntry(UploadIndexKey key, string fileUrl, DateTimeOffset uploadedAt, DateTimeOffset? expiresAt, string? etag = null)
        {
            Key = key;
            FileUrl = fileUrl;
            UploadedAt = uploadedAt;
            ExpiresAt = expiresAt;
            ETag = string.IsNullOrEmpty(etag) ? null : etag;
        }

        public UploadIndexKey Key { get; }

        public string FileUrl { get; }

        public DateTimeOffset UploadedAt { get; }

        /// <summary>When the CDN deletes the file (the -ExpiresIn it was uploaded with); null when it keeps it.</summary>
        public DateTimeOffset? ExpiresAt { get; }

        /// <summary>The ETag the CDN gave the file, as it was given (quoted, or not as a JSON body has it); null when unknown.</summary>
        public string? ETag { get; }

        /// <summary>Whether the URL still serves the file at <paramref name="now"/>, by the lifetime it was given.</summary>
        public bool IsLiveAt(DateTimeOffset now) => ExpiresAt == null || ExpiresAt > now;

        /// <summary>
        /// Whether a CDN answering with <paramref name="servedETag"/> serves what was uploaded, as far as ETags tell:
        /// true when either is unknown, else when they are the same tag (weak comparison: a <c>W/</c> prefix and the
        /// quotes aside, since a CDN may weaken a tag and a JSON body gives it unquoted).
        /// </summary>
        public bool MatchesETag(string? servedETag) =>
            ETag == null || string.IsNullOrEmpty(servedETag) || string.Equals(OpaqueTag(ETag), OpaqueTag(servedETag!), StringComparison.Ordinal);

        /// <summary>This upload with the ETag the CDN is now known to give it.</summary>
        public UploadIndexEntry WithETag(string etag) => new UploadIndexEntry(Key, FileUrl, UploadedAt, ExpiresAt, etag);

        private static string OpaqueTag(string etag)
        {
            var tag = etag.Trim();
            return (tag.StartsWith("W/", StringComparison.Ordinal) ? tag.Substring(2) : tag).Trim('"');
        }
    }
}
