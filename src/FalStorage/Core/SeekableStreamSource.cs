using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace FalStorage.Core
{
    /// <summary>
    /// A -Content stream that can seek, from the position it had when the upload began: sent straight from the
    /// stream, and every attempt (a retry, a new upload URL) seeks back there. Large ones go in parts read in order.
    /// </summary>
    internal sealed class SeekableStreamSource : UploadSource
    {
        private readonly Stream _stream;
        private readonly long _start;

        public SeekableStreamSource(Stream stream, long start, long length, string description)
            : base(length)
        {
            _stream = stream;
            _start = start;
            Description = description;
        }

        public override string Description { get; }

        public override PartReader OpenParts(long partSize, int maxHeld)
        {
            SeekToStart();
            return new BufferedParts(_stream, Array.Empty<byte>(), Length, partSize, maxHeld, HashWhileSending, Description, ReadToEnd);
        }

        public override async Task<string?> ComputeSha256Async(CancellationToken cancellationToken)
        {
            SeekToStart();
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[80 * 1024];
            var length = Length!.Value;
            for (var remaining = length; remaining > 0;)
            {
                int read;
                try
                {
                    read = await _stream.ReadAsync(buffer, 0, (int)Math.Min(buffer.Length, remaining), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    throw ContentStreamErrors.ReadFailed(Description, ex);
                }

                if (read == 0)
                {
                    throw ContentStreamErrors.EndedEarly(Description, length, remaining);
                }

                sha.AppendData(buffer, 0, read);
                remaining -= read;
            }

            return Hex.Encode(sha.GetHashAndReset());
        }

        protected override UploadSlice CreateWhole() => new StreamSlice(_stream, _start, Length!.Value, Description);

        private void SeekToStart()
        {
            try
            {
                _stream.Position = _start;
            }
            catch (Exception ex)
            {
                throw ContentStreamErrors.ReadFailed(Description, ex);
            }
        }
    }
}
