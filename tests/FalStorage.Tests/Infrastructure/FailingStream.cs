namespace FalStorage.Tests.Infrastructure;

/// <summary>A stream that cannot seek and throws once <paramref name="failAt"/> of its bytes have been read: a download that broke off.</summary>
public sealed class FailingStream(byte[] bytes, int failAt) : MemoryStream(bytes)
{
    public override bool CanSeek => false;

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (Position >= failAt)
        {
            throw new IOException("The connection was reset by the peer.");
        }

        return base.Read(buffer, offset, (int)Math.Min(count, failAt - Position));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override int Read(Span<byte> buffer)
    {
        var array = new byte[buffer.Length];
        var read = Read(array, 0, array.Length);
        array.AsSpan(0, read).CopyTo(buffer);
        return read;
    }
}
