using System;
using System.IO;
using System.Threading.Tasks;
using FalStorage.Core.Http;

namespace FalStorage.Core.Downloads
{
    /// <summary>An answer's body written into the temporary file at its range's next byte, as it streams in.</summary>
    internal static class RangeCopy
    {
        private const int BufferSize = 81920;

        /// <summary>
        /// Copies the body into the range, after discarding <paramref name="skip"/> bytes (the start of a whole file
        /// served where a range was asked for). A body that ends before the range is a lost connection, so the
        /// retry asks for the rest; an error of the local file is a <see cref="DestinationWriteException"/>.
        /// </summary>
        public static async Task CopyAsync(Stream body, PartialFile file, ByteRange range, long skip, StallTimeout stall, Action<long> written, Uri url)
        {
            var buffer = new byte[BufferSize];
            for (int read; skip > 0; skip -= read)
            {
                read = await body.ReadAsync(buffer, 0, (int)Math.Min(buffer.Length, skip), stall.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    throw Short(url, range);
                }

                stall.Touch();
            }

            // Unbuffered (see PartialFile.OpenAt): what was counted as written is on disk for the retry to resume after.
            using var output = file.OpenAt(range.Next);
            while (!range.IsDone)
            {
                var wanted = range.Remaining is long remaining ? (int)Math.Min(buffer.Length, remaining) : buffer.Length;
                var read = await body.ReadAsync(buffer, 0, wanted, stall.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                try
                {
                    await output.WriteAsync(buffer, 0, read, stall.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    throw new DestinationWriteException(file.Path, ex);
                }

                range.AddWritten(read);
                written(read);
                stall.Touch();
            }

            if (range.End != null && !range.IsDone)
            {
                throw Short(url, range);
            }
        }

        private static FalTransportException Short(Uri url, ByteRange range) =>
            new FalTransportException(TransportFailure.Unreachable, $"{SafeUrl.Describe(url)} ended its answer before {range} was complete ({range.Written} bytes of it came).");
    }
}
