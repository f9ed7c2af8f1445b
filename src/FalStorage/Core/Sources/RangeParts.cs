using System;
using System.Threading;
using System.Threading.Tasks;

namespace FalStorage.Core.Sources
{
    /// <summary>The parts of a source any range of which can be read at any time (a file, bytes in memory): each part reads its own range as it is sent.</summary>
    internal sealed class RangeParts : PartReader
    {
        private readonly Func<long, long, UploadSlice> _slice;
        private readonly long _length;
        private readonly long _partSize;
        private long _offset;

        public RangeParts(Func<long, long, UploadSlice> slice, long length, long partSize)
        {
            _slice = slice;
            _length = length;
            _partSize = partSize;
            PartCount = (int)((length + partSize - 1) / partSize);
        }

        public override int? PartCount { get; }

        public override Task<UploadSlice?> NextAsync(CancellationToken cancellationToken)
        {
            if (_offset >= _length)
            {
                return Task.FromResult<UploadSlice?>(null);
            }

            var part = _slice(_offset, Math.Min(_partSize, _length - _offset));
            _offset += part.Length;
            return Task.FromResult<UploadSlice?>(part);
        }
    }
}
