using System.Net;

namespace FalStorage.Core.Api
{
    /// <summary>A successful answer of fal Storage, read whole: what <see cref="FalStorageClient"/> takes from it.</summary>
    internal sealed class ApiResponse
    {
        public ApiResponse(HttpStatusCode status, byte[] body, string? etag, long? contentLength)
        {
            Status = status;
            Body = body;
            ETag = etag;
            ContentLength = contentLength;
        }

        public HttpStatusCode Status { get; }

        public byte[] Body { get; }

        public string? ETag { get; }

        public long? ContentLength { get; }
    }
}
