namespace FalStorage
{
    /// <summary>A file uploaded to the fal CDN; FileUrl is what model APIs take.</summary>
    public sealed class FalAsset
    {
        internal FalAsset(string fileUrl, string fileName, string contentType, long length, string sourcePath, string? sha256)
        {
            Sha256 = sha256;
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

        public override string ToString() => FileUrl;
    }
}
