using FalStorage.Core.Sources;

namespace FalStorage.Core.Transfer
{
    /// <summary>One upload: its bytes, and what to call them.</summary>
    internal sealed record UploadRequest(UploadSource Source, string FileName, string ContentType, FalLifetime? Lifetime)
    {
        /// <summary>Whether the bytes are hashed as they are sent, so that -SkipUnchanged and -Verify need no second pass.</summary>
        public bool HashWhileSending { get; init; }
    }
}
