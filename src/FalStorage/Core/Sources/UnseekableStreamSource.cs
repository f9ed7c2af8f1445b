using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace FalStorage.Core.Sources
{
    /// <summary>
    /// A -Content stream that cannot seek and is longer than what was read ahead of it: it goes in parts read as they
    /// go, once. Each part is retried from its buffer, but the upload as a whole cannot start again.
    /// </summary>
    internal sealed class UnseekableStreamSource : UploadSource
    {
        private readonly Stream _stream;
        private readonly byte[] _readAhead;
        private int _opened;

        public UnseekableStreamSource(Stream stream, byte[] readAhead, string description)
            : base(null)
        {
            _stream = stream;
            _readAhead = readAhead;
            Description = description;
        }

        public override string Description { get; }

        public override PartReader OpenParts(long partSize, int maxHeld, bool hashInOrder) =>
            Interlocked.Exchange(ref _opened, 1) == 0
                ? new BufferedParts(_stream, _readAhead, null, partSize, maxHeld, hashInOrder, Description, ReadToEnd)
                : throw StreamReads.ReadOnce(Description);

        /// <summary>Its bytes can be read only as they are sent: its SHA-256 is known after.</summary>
        public override Task<string?> ComputeSha256Async(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

        // Its length is unknown until it is read, so it always goes in parts.
        public override UploadSlice Whole() => throw new InvalidOperationException("A stream of unknown length is sent in parts.");
    }
}
