namespace FalStorage.Tests.Infrastructure;

/// <summary>Bytes of a length the client cannot know: HttpClient sends them chunked, so only the server's own count
/// of the bytes can stop a body that is too large.</summary>
public sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
{
    public override bool CanSeek => false;

    /// <summary>A body of random bytes, chunked or with a Content-Length.</summary>
    public static HttpContent RandomBody(int length, bool chunked)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return chunked ? new StreamContent(new UnseekableStream(bytes)) : new ByteArrayContent(bytes);
    }
}
