namespace FalStorage.Emulator.Storage;

/// <summary>A read-only, seekable stream over content files one after the other: an object served from its parts
/// without ever being copied into one file. Files are opened one at a time, when reading reaches them.</summary>
internal sealed class SegmentedStream : Stream
{
    private readonly ContentSegment[] segments;
    private readonly long[] starts;
    private readonly Action? onDispose;
    private long position;
    private int openIndex = -1;
    private FileStream? open;
    private bool disposed;

    /// <param name="onDispose">Runs once, when the stream is disposed (e.g. to release the content for deletion).</param>
    public SegmentedStream(IReadOnlyList<ContentSegment> segments, Action? onDispose = null)
    {
        this.segments = [.. segments];
        this.onDispose = onDispose;
        starts = new long[this.segments.Length];
        long total = 0;
        for (var i = 0; i < this.segments.Length; i++)
        {
            starts[i] = total;
            total += this.segments[i].Length;
        }

        Length = total;
    }

    public override bool CanRead => !disposed;

    public override bool CanSeek => !disposed;

    public override bool CanWrite => false;

    public override long Length { get; }

    public override long Position
    {
        get => position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (!Prepare(buffer.Length, out var stream, out var count))
        {
            return 0;
        }

        return Advance(stream.Read(buffer[..count]));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!Prepare(buffer.Length, out var stream, out var count))
        {
            return 0;
        }

        return Advance(await stream.ReadAsync(buffer[..count], cancellationToken));
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        position = target;
        return position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !disposed)
        {
            disposed = true;
            open?.Dispose();
            open = null;
            onDispose?.Invoke();
        }

        base.Dispose(disposing);
    }

    /// <summary>Opens the file under <see cref="position"/> at the right offset; false at the end.</summary>
    private bool Prepare(int wanted, out FileStream stream, out int count)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        stream = null!;
        count = 0;
        if (wanted == 0 || position >= Length)
        {
            return false;
        }

        var index = Locate(position);
        var offset = position - starts[index];
        if (index != openIndex || open is null)
        {
            open?.Dispose();
            open = null;
            open = new FileStream(
                segments[index].Path,
                new FileStreamOptions
                {
                    Mode = FileMode.Open,
                    Access = FileAccess.Read,
                    Share = FileShare.ReadWrite | FileShare.Delete,
                    Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
                    BufferSize = 0, // the caller's buffer is large; a second one would only copy
                });
            openIndex = index;
        }

        if (open.Position != offset)
        {
            open.Position = offset;
        }

        stream = open;
        count = (int)Math.Min(wanted, segments[index].Length - offset);
        return true;
    }

    private int Advance(int read)
    {
        if (read == 0)
        {
            // The file is shorter than recorded: damaged content must not pass for a complete object.
            throw new IOException("A content file of the object is shorter than its metadata says.");
        }

        position += read;
        return read;
    }

    /// <summary>The segment holding the byte at <paramref name="at"/> (&lt; Length): the last one starting at or before it,
    /// which skips empty segments, since they share their start with the next one.</summary>
    private int Locate(long at)
    {
        if (openIndex >= 0 && starts[openIndex] <= at && at < starts[openIndex] + segments[openIndex].Length)
        {
            return openIndex;
        }

        var low = 0;
        var high = starts.Length - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (starts[middle] <= at)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low;
    }
}
