namespace FalStorage.Core
{
    /// <summary>One file to upload, and what to call it.</summary>
    internal sealed class UploadRequest
    {
        public UploadRequest(string path, string fileName, string contentType, FalLifetime? lifetime, UploadTarget? presetTarget)
        {
            Path = path;
            FileName = fileName;
            ContentType = contentType;
            Lifetime = lifetime;
            PresetTarget = presetTarget;
        }

        public string Path { get; }

        public string FileName { get; }

        public string ContentType { get; }

        public FalLifetime? Lifetime { get; }

        /// <summary>An upload URL initiated beforehand (a ticket): used as it is, never re-initiated.</summary>
        public UploadTarget? PresetTarget { get; }
    }
}
