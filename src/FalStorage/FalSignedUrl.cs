using System;

namespace FalStorage
{
    /// <summary>
    /// A time-limited link to a file on fal's CDN that reads it whatever its ACL, with no credentials (New-FalSignedUrl).
    /// The link is a credential until it expires: anyone who has it reads the file.
    /// </summary>
    public sealed class FalSignedUrl
    {
        internal FalSignedUrl(string url, string fileUrl, DateTimeOffset expiresAt)
        {
            Url = url;
            FileUrl = fileUrl;
            ExpiresAt = expiresAt;
        }

        /// <summary>The signed link.</summary>
        public string Url { get; }

        /// <summary>The file it reads.</summary>
        public string FileUrl { get; }

        /// <summary>When the link stops working (as the module asked for it; the service's clock decides).</summary>
        public DateTimeOffset ExpiresAt { get; }

        public override string ToString() => Url;

        /// <summary>As <see cref="FalAsset"/>: [uri]$link, and any [uri] parameter such as Invoke-WebRequest -Uri $link.</summary>
        public static implicit operator Uri?(FalSignedUrl? link) => link == null ? null : new Uri(link.Url);
    }
}
