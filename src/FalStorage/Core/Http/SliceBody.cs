using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading.Tasks;
using FalStorage.Core;
using FalStorage.Core.Sources;

namespace FalStorage.Core.Http
{
    /// <summary>
    /// An HTTP body read from an <see cref="UploadSlice"/> as it is sent: memory stays flat whatever the size,
    /// each attempt reads the source again rather than a buffer, and the bytes are hashed on the way when the
    /// sender asks for it, so -SkipUnchanged and -Verify cost no second pass.
    /// </summary>
    internal sealed class SliceBody : HttpContent
    {
        // Stream.CopyTo's size, under the large-object threshold (85,000 bytes): each part's buffer is a short-lived
        // gen-0 object, not a large object that only a gen-2 collection frees.
        private const int BufferSize = 80 * 1024;

        private readonly UploadSlice _slice;
        private readonly StallTimeout _stall;
        private readonly Action<long> _bytesSent;
        private readonly Action<string>? _hashed;

        /// <summary>
        /// Every chunk that goes out is progress for <paramref name="stall"/> and is counted by <paramref name="bytesSent"/>;
        /// <paramref name="hashed"/>, if given, hears the SHA-256 of the slice once an attempt has sent it all.
        /// </summary>
        public SliceBody(UploadSlice slice, StallTimeout stall, Action<long> bytesSent, Action<string>? hashed = null)
        {
            _slice = slice;
            _stall = stall;
            _bytesSent = bytesSent;
            _hashed = hashed;
            Headers.ContentLength = slice.Length;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var reader = _slice.OpenReader();
            try
            {
                // SHA256.Create, as StreamHash: on every .NET Windows PowerShell runs on, where IncrementalHash may be missing.
                using var hash = _hashed == null ? null : SHA256.Create();
                if (_slice.Length == 0)
                {
                    _slice.EnsureUnchanged();
                }

                var buffer = new byte[(int)Math.Min(BufferSize, Math.Max(1, _slice.Length))];
                var remaining = _slice.Length;
                while (remaining > 0)
                {
                    var read = Read(reader, buffer, (int)Math.Min(buffer.Length, remaining));
                    if (read == 0 || read == remaining)
                    {
                        // Before the last bytes go out: a source that changed is refused while the body is
                        // still incomplete, so the service never commits an object of mixed or cut-off content.
                        _slice.EnsureUnchanged();
                        if (read == 0)
                        {
                            throw _slice.EndedEarly(remaining);
                        }
                    }

                    hash?.TransformBlock(buffer, 0, read, null, 0);
                    await stream.WriteAsync(buffer, 0, read).ConfigureAwait(false);
                    remaining -= read;
                    _stall.Touch();
                    _bytesSent(read);
                }

                if (hash != null)
                {
                    hash.TransformFinalBlock(buffer, 0, 0);
                    _hashed!(Hex.Encode(hash.Hash));
                }
            }
            finally
            {
                if (_slice.ReaderIsOwned)
                {
                    reader.Dispose();
                }
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _slice.Length;
            return true;
        }

        // Read synchronously: a chunk comes from the page cache (or memory) in microseconds, where an asynchronous
        // read would be a thread-pool work item around the same pread on Unix.
        private int Read(Stream reader, byte[] buffer, int count)
        {
            try
            {
                return reader.Read(buffer, 0, count);
            }
            catch (Exception ex) when (!(ex is SourceReadException))
            {
                throw _slice.ReadFailed(ex);
            }
        }
    }
}
