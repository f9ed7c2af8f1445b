namespace FalStorage.Core.Downloads
{
    /// <summary>A file saved, or found already saved with the same bytes (<see cref="AlreadyPresent"/>).</summary>
    internal sealed class DownloadResult
    {
        public DownloadResult(string path, long length, bool alreadyPresent, bool verified)
        {
            Path = path;
            Length = length;
            AlreadyPresent = alreadyPresent;
            Verified = verified;
        }

        public string Path { get; }

        public long Length { get; }

        /// <summary>The file was there with the same length and SHA-256: nothing was written.</summary>
        public bool AlreadyPresent { get; }

        /// <summary>-Verify compared the saved bytes' SHA-256 with the asset's.</summary>
        public bool Verified { get; }
    }
}
