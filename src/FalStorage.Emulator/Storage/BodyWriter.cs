using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace FalStorage.Emulator.Storage;

/// <summary>Streams a request body to a new file: large writes, the next buffer filling while the last one is written.</summary>
/// <remarks>No fsync: an emulator trades durability against power loss for speed. Renames keep readers consistent.</remarks>
internal static class BodyWriter
{
    /// <summary>Per buffer; two buffers per upload. Large enough that a write is one big syscall, small enough
    /// that hundreds of concurrent uploads stay within a few hundred MiB.</summary>
    private const int MaxBufferSize = 512 * 1024;
    private const int MinBufferSize = 4 * 1024;

    /// <summary>Writes <paramref name="body"/> to the new file <paramref name="path"/>; the caller deletes it on failure.</summary>
    /// <param name="expectedLength">Content-Length when known: sizes the buffers.</param>
    /// <param name="maxLength">Most bytes accepted; one more throws <see cref="BodyTooLargeException"/>.</param>
    /// <param name="hash">Whether to compute the SHA-256 while writing (null is returned otherwise).</param>
    public static async Task<(long Length, string? Sha256)> WriteAsync(
        Stream body, string path, long? expectedLength, long maxLength, bool hash, CancellationToken cancellationToken)
    {
        var size = (int)Math.Clamp(expectedLength ?? MaxBufferSize, MinBufferSize, MaxBufferSize);
        using var sha256 = hash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        using var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        var filling = ArrayPool<byte>.Shared.Rent(size);
        var writing = ArrayPool<byte>.Shared.Rent(size);
        var pendingWrite = Task.CompletedTask;
        long length = 0;
        try
        {
            while (true)
            {
                var filled = await FillAsync(body, filling.AsMemory(0, size));
                if (filled == 0)
                {
                    break;
                }

                if (length + filled > maxLength)
                {
                    throw new BodyTooLargeException(maxLength);
                }

                sha256?.AppendData(filling, 0, filled);
                await pendingWrite;
                pendingWrite = WriteAtAsync(handle, filling.AsMemory(0, filled), length, cancellationToken);
                length += filled;
                (filling, writing) = (writing, filling);
            }

            await pendingWrite;
            return (length, sha256 is null ? null : Convert.ToHexStringLower(sha256.GetHashAndReset()));
        }
        finally
        {
            // The buffers go back to the pool only once no write uses them any more.
            await pendingWrite.ContinueWith(static _ => { }, TaskScheduler.Default);
            ArrayPool<byte>.Shared.Return(filling);
            ArrayPool<byte>.Shared.Return(writing);
        }
    }

    private static Task WriteAtAsync(SafeFileHandle handle, ReadOnlyMemory<byte> buffer, long offset, CancellationToken cancellationToken) =>
        RandomAccess.WriteAsync(handle, buffer, offset, cancellationToken).AsTask();

    /// <summary>Reads until the buffer is full or the body ends, so each write is as large as the buffer.</summary>
    /// <remarks>Without a cancellation token: a request body read cancelled by its token leaves Kestrel's reader mid-read
    /// (see CountingStream). A read ends anyway when the connection does, or at Kestrel's minimum data rate.</remarks>
    private static async ValueTask<int> FillAsync(Stream body, Memory<byte> buffer)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await body.ReadAsync(buffer[filled..]);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }
}
