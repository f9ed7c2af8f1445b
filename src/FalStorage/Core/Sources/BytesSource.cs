using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core;

namespace FalStorage.Core.Sources
{
    /// <summary>-Content's bytes in memory: a [byte[]], a string's UTF-8, or a short stream read whole. Retried from memory, any part at any time.</summary>
    internal sealed class BytesSource : UploadSource
    {
        private readonly byte[] _bytes;
        private readonly int _count;

        public BytesSource(byte[] bytes, int count, string description)
            : base(count)
        {
            _bytes = bytes;
            _count = count;
            Description = description;
        }

        public override string Description { get; }

        public override PartReader OpenParts(long partSize, int maxHeld, bool hashInOrder) =>
            new RangeParts((offset, length) => new MemorySlice(_bytes, (int)offset, (int)length), _count, partSize);

        public override Task<string?> ComputeSha256Async(CancellationToken cancellationToken)
        {
            using var sha = SHA256.Create();
            return Task.FromResult<string?>(Hex.Encode(sha.ComputeHash(_bytes, 0, _count)));
        }

        public override UploadSlice Whole() => new MemorySlice(_bytes, 0, _count);
    }
}
