using FalStorage.Core.Api;
using FalStorage.Core.Sources;
namespace FalStorage.Core.Transfer
{
    /// <summary>One upload: its bytes, and what to call them.</summary>
    internal sealed class UploadRequest
    {
        public UploadRequest(UploadSource source, string fileName, string contentType, FalLifetime? lifetime, UploadTarget? presetTarget)
        {
            Source = source;
            FileName = fileName;
            ContentType = contentType;
            Lifetime = lifetime;
            PresetTarget = presetTarget;
        }

        public UploadSource Source { get; }

        public string FileName { get; }

        public string ContentType { get; }

        public FalLifetime? Lifetime { get; }

        /// <summary>An upload URL initiated beforehand (a ticket): used as it is, never re-initiated.</summary>
        public UploadTarget? PresetTarget { get; }
    }
}
