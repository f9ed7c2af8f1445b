namespace FalStorage
{
    /// <summary>A file uploaded to the fal CDN; FileUrl is what model APIs take.</summary>
    public sealed class FalAsset
    {
        internal FalAsset(string fileUrl, string fileName, string contentType, long length, string sourcePath)
        {
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

        public override string ToString() => FileUrl;
    }
}
