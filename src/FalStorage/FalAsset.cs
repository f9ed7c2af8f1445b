using System;

namespace FalStorage
{
    /// <summary>A file uploaded to the fal CDN; FileUrl is what model APIs take.</summary>
    public sealed class FalAsset
    {
        internal FalAsset(string fileUrl, string fileName, string contentType, long length, string sourcePath, string? sha256, DateTimeOffset? expiresAt, bool reused = false, FalAcl? acl = null)
        {
            Acl = acl;
            Reused = reused;
            Sha256 = sha256;
            ExpiresAt = expiresAt;
            FileUrl = fileUrl;
            FileName = fileName;
            ContentType = contentType;
            Length = length;
            SourcePath = sourcePath;
        }

        public string FileUrl { get; }

        public string FileName { get; }

        public string ContentType { get; }

        public long Length { get; }

        public string SourcePath { get; }

        /// <summary>The SHA-256 of the bytes the CDN serves, checked against the file; set by -Verify.</summary>
        public string? Sha256 { get; }

        /// <summary>
        /// When the CDN deletes the file, as -ExpiresIn asked (counted from the end of the upload, as the service
        /// counts it); null when no expiry was asked for and the account's retention applies.
        /// </summary>
        public DateTimeOffset? ExpiresAt { get; }

        /// <summary>True when -SkipUnchanged found these bytes already on the CDN under this name, and nothing was sent.</summary>
        public bool Reused { get; }

        /// <summary>The ACL the upload asked for (-Access, -AllowUser, -Acl); null when it asked for none and the account's default applies.</summary>
        public FalAcl? Acl { get; }

        public override string ToString() => FileUrl;

        /// <summary>
        /// PowerShell converts through this operator, so an asset goes wherever a URL goes: [uri]$asset, and any
        /// [uri] parameter such as Invoke-WebRequest -Uri $asset. [string]$asset and "$asset" use ToString().
        /// </summary>
        public static implicit operator Uri?(FalAsset? asset) => asset == null ? null : new Uri(asset.FileUrl);
    }
}
