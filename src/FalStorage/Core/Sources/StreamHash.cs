using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core;

namespace FalStorage.Core.Sources
{
    /// <summary>Hashes a stream as it is read, in chunks, so nothing of it is held whole in memory.</summary>
    internal static class StreamHash
    {
        private const int BufferSize = 128 * 1024;

        /// <summary>
        /// The SHA-256 of the rest of the stream, or of its next <paramref name="length"/> bytes, in <see cref="Hex"/>;
        /// <paramref name="chunkRead"/> hears of each chunk once it is hashed. A stream that ends before that length
        /// is an <see cref="EndOfStreamException"/>.
        /// </summary>
        public static async Task<string> Sha256Async(Stream stream, Action<long>? chunkRead, CancellationToken cancellationToken, long? length = null)
        {
            using var sha = SHA256.Create();
            var buffer = new byte[BufferSize];
            var remaining = length ?? long.MaxValue;
            int read;
            while (remaining > 0 && (read = await stream.ReadAsync(buffer, 0, (int)Math.Min(buffer.Length, remaining), cancellationToken).ConfigureAwait(false)) > 0)
            {
                sha.TransformBlock(buffer, 0, read, null, 0);
                remaining -= read;
                chunkRead?.Invoke(read);
            }

            if (length != null && remaining > 0)
            {
                throw new EndOfStreamException($"The stream ended {remaining} bytes early.");
            }

            sha.TransformFinalBlock(buffer, 0, 0);
            return Hex.Encode(sha.Hash);
        }

        /// <summary>The SHA-256 of a file, read once from start to end.</summary>
        public static async Task<string> FileSha256Async(string path, CancellationToken cancellationToken)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return await Sha256Async(stream, null, cancellationToken).ConfigureAwait(false);
        }
    }
}
