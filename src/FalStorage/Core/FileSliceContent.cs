using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

namespace FalStorage.Core
{
    /// <summary>
    /// An HTTP body read from a file range as it is sent: memory stays flat whatever the size,
    /// and each attempt reads the file again rather than a buffer.
    /// </summary>
    internal sealed class FileSliceContent : HttpContent
    {
        // Stream.CopyTo's size, under the large-object threshold (85,000 bytes): each part's buffer is a short-lived
        // gen-0 object, not a large object that only a gen-2 collection frees.
        private const int BufferSize = 80 * 1024;

        private readonly FileSlice _slice;
        private readonly StallTimeout _stall;
        private readonly Action<long> _bytesSent;

        /// <summary>Every chunk that goes out is progress for <paramref name="stall"/> and is counted by <paramref name="bytesSent"/>.</summary>
        public FileSliceContent(FileSlice slice, StallTimeout stall, Action<long> bytesSent)
        {
            _slice = slice;
            _stall = stall;
            _bytesSent = bytesSent;
            Headers.ContentLength = slice.Length;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            using var file = Open();
            file.Position = _slice.Offset;
            if (_slice.Length == 0)
            {
                _slice.EnsureUnchanged();
            }

            var buffer = new byte[(int)Math.Min(BufferSize, Math.Max(1, _slice.Length))];
            var remaining = _slice.Length;
            while (remaining > 0)
            {
                // Read synchronously: a chunk comes from the page cache in microseconds, where an asynchronous
                // read would be a thread-pool work item around the same pread on Unix.
                var read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (read == 0 || read == remaining)
                {
                    // Before the last bytes go out: a file that changed is refused while the body is
                    // still incomplete, so the service never commits an object of mixed or cut-off content.
                    _slice.EnsureUnchanged();
                    if (read == 0)
                    {
                        throw new SourceFileException($"'{_slice.Path}' ended {remaining} bytes early.");
                    }
                }

                await stream.WriteAsync(buffer, 0, read).ConfigureAwait(false);
                remaining -= read;
                _stall.Touch();
                _bytesSent(read);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _slice.Length;
            return true;
        }

        // Shared for reading only: a file another program holds open for writing is refused, not read half-written.
        private FileStream Open()
        {
            try
            {
                return new FileStream(_slice.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new SourceFileException($"Cannot read '{_slice.Path}': {ex.Message}", ex);
            }
        }
    }
}
