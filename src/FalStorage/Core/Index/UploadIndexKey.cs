using System;

namespace FalStorage.Core.Index
{
    /// <summary>
    /// What makes two uploads the same: the bytes (their SHA-256 and length), the name and type on the CDN, and
    /// where they went with which key (the key's scope, never the key).
    /// </summary>
    internal sealed class UploadIndexKey : IEquatable<UploadIndexKey>
    {
        public UploadIndexKey(string sha256, long length, string fileName, string contentType, string endpoint, string keyScope)
        {
            Sha256 = sha256.ToLowerInvariant();
            Length = length;
            FileName = fileName;
            ContentType = contentType.ToLowerInvariant();
            Endpoint = endpoint.TrimEnd('/').ToLowerInvariant();
            KeyScope = keyScope;
        }

        /// <summary>Lower-case hex.</summary>
        public string Sha256 { get; }

        public long Length { get; }

        public string FileName { get; }

        public string ContentType { get; }

        public string Endpoint { get; }

        /// <summary>The key's id, or a salted hash of the key: which account an upload belongs to.</summary>
        public string KeyScope { get; }

        public bool Equals(UploadIndexKey? other) => other != null && Sha256 == other.Sha256 && IsSameUploadAs(other);

        /// <summary>Whether <paramref name="other"/> is an upload of as many bytes under this name and type, to this endpoint with this key, whatever the bytes.</summary>
        public bool IsSameUploadAs(UploadIndexKey other) =>
            Length == other.Length
            && string.Equals(FileName, other.FileName, StringComparison.Ordinal)
            && ContentType == other.ContentType
            && Endpoint == other.Endpoint
            && string.Equals(KeyScope, other.KeyScope, StringComparison.Ordinal);

        /// <summary>This key with no hash: equal to the <see cref="WithoutSha256"/> of every key <see cref="IsSameUploadAs"/> this one.</summary>
        public UploadIndexKey WithoutSha256() => new UploadIndexKey(string.Empty, Length, FileName, ContentType, Endpoint, KeyScope);

        public override bool Equals(object? obj) => Equals(obj as UploadIndexKey);

        public override int GetHashCode() =>
            StringComparer.Ordinal.GetHashCode(Sha256) ^ StringComparer.Ordinal.GetHashCode(FileName) ^ Length.GetHashCode();
    }
}
