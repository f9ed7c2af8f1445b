namespace FalStorage.Core.Api
{
    /// <summary>What a HEAD on a CDN URL tells of the object there: its length and its ETag, each when the CDN says.</summary>
    internal sealed class ServedHead
    {
        public ServedHead(long? length, string? etag)
        {
            Length = length;
            ETag = etag;
        }

        public long? Length { get; }

        public string? ETag { get; }
    }
}
