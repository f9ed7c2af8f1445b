using System;

namespace FalStorage.Core.Flows
{
    /// <summary>What a flow sent: where the CDN serves it, how many bytes, and their SHA-256 when the request asked for it and the flow could hash them on the way (a file in parts, sent in parallel, cannot).</summary>
    internal sealed record SentUpload(Uri FileUrl, long Length, string? Sha256);
}
