using System;
using System.Threading;

namespace FalStorage
{
    /// <summary>An initiated upload: PUT the bytes to UploadUrl, then the file is served at FileUrl.</summary>
    public sealed class FalUploadTicket
    {
        internal FalUploadTicket(FalSession session, string fileName, string contentType, Uri uploadUrl, Uri fileUrl, FalLifetime? lifetime, FalAcl? acl)
        {
            Session = session;
            Lifetime = lifetime;
            Acl = acl;
            FileName = fileName;
            ContentType = contentType;
            UploadUrl = uploadUrl.AbsoluteUri;
            FileUrl = fileUrl.AbsoluteUri;
            IssuedAt = DateTimeOffset.Now;
        }

        public string FileName { get; }

        public string ContentType { get; }

        // URLs are strings, not System.Uri: Windows PowerShell's ConvertTo-Json turns a Uri into an
        // object of its parts, and these values are meant to go into model API request bodies.
        public string UploadUrl { get; }

        public string FileUrl { get; }

        public DateTimeOffset IssuedAt { get; }

        /// <summary>The session whose HTTP connections carry the upload.</summary>
        internal FalSession Session { get; }

        /// <summary>The -ExpiresIn the ticket was requested with: the service applies it to the file uploaded with it.</summary>
        internal FalLifetime? Lifetime { get; }

        /// <summary>The ACL the ticket was requested with (-Access, -AllowUser, -Acl); null: the account's default.</summary>
        public FalAcl? Acl { get; }

        private int _claimed;

        /// <summary>
        /// Takes the ticket for one upload. A second PUT to the same URL would replace the bytes
        /// that the first one's users already point to, so a ticket serves once.
        /// </summary>
        internal bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;

        /// <summary>Gives the ticket back after a failed upload, so it can be tried again.</summary>
        internal void Release() => Interlocked.Exchange(ref _claimed, 0);

        public override string ToString() => FileUrl;

        /// <summary>As for a FalAsset: [uri]$ticket and [uri] parameters take the FileUrl, never the signed UploadUrl.</summary>
        public static implicit operator Uri?(FalUploadTicket? ticket) => ticket == null ? null : new Uri(ticket.FileUrl);
    }
}
