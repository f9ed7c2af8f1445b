using System.Net;
using System.Net.Http;

namespace FalStorage.Core.Downloads
{
    /// <summary>What an answer to a GET serves: which bytes, of how many, under which ETag.</summary>
    internal sealed class ServedRange
    {
        private ServedRange(bool isPartial, long start, long? total, string? etag)
        {
            IsPartial = isPartial;
            Start = start;
            Total = total;
            ETag = etag;
        }

        /// <summary>206: the server honoured the Range asked for; false: 200 and the whole file.</summary>
        public bool IsPartial { get; }

        public long Start { get; }

        /// <summary>The file's whole length (Content-Range's, or a 200's Content-Length), when the server says.</summary>
        public long? Total { get; }

        /// <summary>A strong ETag, with its quotes; null when there is none or it is weak (a weak one cannot vouch for bytes).</summary>
        public string? ETag { get; }

        public static ServedRange Of(HttpResponseMessage response)
        {
            var tag = response.Headers.ETag;
            var etag = tag == null || tag.IsWeak ? null : tag.Tag;
            var range = response.Content.Headers.ContentRange;
            return response.StatusCode == HttpStatusCode.PartialContent && range != null && range.HasRange
                ? new ServedRange(true, range.From!.Value, range.Length, etag)
                : new ServedRange(false, 0, response.Content.Headers.ContentLength, etag);
        }
    }
}
