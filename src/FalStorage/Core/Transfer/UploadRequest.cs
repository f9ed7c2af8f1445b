using FalStorage.Core.Sources;

namespace FalStorage.Core.Transfer
{
    /// <summary>One upload: its bytes, what to call them, and how long they live and who reads them when that was asked for.</summary>
    internal sealed record UploadRequest(UploadSource Source, string FileName, string ContentType, FalLifetime? Lifetime)
    {
        /// <summary>The ACL to give the file; null: the account's default applies.</summary>
        public FalAcl? Acl { get; init; }

        /// <summary>Whether the bytes are hashed as they are sent, so that -SkipUnchanged and -Verify need no second pass.</summary>
        public bool HashWhileSending { get; init; }
    }
}
