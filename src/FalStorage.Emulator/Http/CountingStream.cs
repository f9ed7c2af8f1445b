
namespace FalStorage.Emulator.Http;

/// <summary>Passes a stream through, counting the bytes read from and written to it.</summary>
/// <remarks>
/// <para>What it reads is a request body, and every read of a request body passes here. A read that fails because the
/// connection broke (a reset; the token of a read cancelled) leaves Kestrel's body reader in the middle of a read, and
/// once the request is done Kestrel would drain the rest of the body from it and log an error ("Reading is already in
/// progress"). Such a connection can carry nothing more, so it is aborted (<paramref name="onConnectionLost"/>), and
/// Kestrel does not drain an aborted one. Kestrel's own 400s (BadHttpRequestException) leave its reader in order.</para>
/// <para>A body Kestrel cannot decode but reports as a plain IOException (a chunk size that overflows: "Bad chunk size
/// data") becomes the 400 that other malformed bodies get, not a 500.</para>
/// </remarks>
internal sealed class CountingStream(Stream inner, Action? onConnectionLost = null) : Stream
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
        catch (Exception ex) when (ex is not BadHttpRequestException)
        {
            throw Failed(ex);
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
        catch (Exception ex) when (ex is not BadHttpRequestException)
        {
            throw Failed(ex);
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

    /// <summary>What a failed read of the body is thrown as, once the connection is aborted if it broke.</summary>
    private Exception Failed(Exception exception)
    {
        if (JsonErrorMiddleware.IsConnectionLost(exception))
        {
            onConnectionLost?.Invoke();
            return exception;
        }

        return exception is IOException
            ? new BadHttpRequestException($"The request body could not be read: {exception.Message}", StatusCodes.Status400BadRequest, exception)
            : exception;
    }

    private int Counted(int read)
    {
        Count += read;
        return read;
    }
}
