using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace FalStorage.Core.Sources
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

        public override PartReader OpenParts(long partSize, int maxHeld, bool hashInOrder)
        {
            SeekToStart();
            return new BufferedParts(_stream, Array.Empty<byte>(), Length, partSize, maxHeld, hashInOrder, Description, ReadToEnd);
        }

        public override async Task<string?> ComputeSha256Async(CancellationToken cancellationToken)
        {
            SeekToStart();
            var length = Length!.Value;
            long hashed = 0;
            try
            {
                return await StreamHash.Sha256Async(_stream, count => hashed += count, cancellationToken, length).ConfigureAwait(false);
            }
            catch (EndOfStreamException)
            {
                throw StreamReads.EndedEarly(Description, length, length - hashed);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw StreamReads.ReadFailed(Description, ex);
            }
        }

        public override UploadSlice Whole() => new StreamSlice(_stream, _start, Length!.Value, Description);

        private void SeekToStart()
        {
            try
            {
                _stream.Position = _start;
            }
            catch (Exception ex)
            {
                throw StreamReads.ReadFailed(Description, ex);
            }
        }
    }
}
