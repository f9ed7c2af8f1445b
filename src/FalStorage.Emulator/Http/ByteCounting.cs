using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace FalStorage.Emulator.Http;

/// <summary>Passes a stream through, counting the bytes read from and written to it.</summary>
/// <remarks>What it reads is a request body: a body Kestrel cannot decode but reports as a plain IOException (a chunk
/// size that overflows: "Bad chunk size data") becomes the 400 that other malformed bodies get, not a 500.</remarks>
internal sealed class CountingStream(Stream inner) : Stream
{
    public long Count { get; private set; }

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return Counted(inner.Read(buffer));
        }
        catch (IOException ex) when (IsUndecodableBody(ex))
        {
            throw MalformedBody(ex);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return Counted(await inner.ReadAsync(buffer, cancellationToken));
        }
        catch (IOException ex) when (IsUndecodableBody(ex))
        {
            throw MalformedBody(ex);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        Count += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken);
        Count += buffer.Length;
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Not Kestrel's own 400 (BadHttpRequestException), nor the client going away.</summary>
    private static bool IsUndecodableBody(IOException exception) =>
        exception is not (BadHttpRequestException or Microsoft.AspNetCore.Connections.ConnectionResetException);

    private static BadHttpRequestException MalformedBody(IOException exception) =>
        new($"The request body could not be read: {exception.Message}", StatusCodes.Status400BadRequest, exception);

    private int Counted(int read)
    {
        Count += read;
        return read;
    }
}

/// <summary>Passes a pipe writer through, counting the bytes written.</summary>
internal sealed class CountingPipeWriter(PipeWriter inner) : PipeWriter
{
    public long Count { get; private set; }

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;

    public override void Advance(int bytes)
    {
        inner.Advance(bytes);
        Count += bytes;
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);
}

/// <summary>The response body, counted whichever way it is written: stream, pipe or send-file.</summary>
internal sealed class CountingResponseBodyFeature(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
{
    private readonly CountingStream stream = new(inner.Stream);
    private readonly CountingPipeWriter writer = new(inner.Writer);
    private long sentFileBytes;

    public long Count => stream.Count + writer.Count + sentFileBytes;

    public Stream Stream => stream;

    public PipeWriter Writer => writer;

    public void DisableBuffering() => inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task CompleteAsync() => inner.CompleteAsync();

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        await inner.SendFileAsync(path, offset, count, cancellationToken);
        sentFileBytes += count ?? new FileInfo(path).Length - offset;
    }
}
