using System.Threading;
using System.Threading.Tasks;

namespace FalStorage.Core.Sources
{
    /// <summary>Hands out the parts of one multipart upload, in order.</summary>
    internal abstract class PartReader
    {
        /// <summary>How many parts there are; null for a stream whose length is known only once it is read to its end.</summary>
        public abstract int? PartCount { get; }

        /// <summary>The SHA-256 of the parts, once the last was read, from a reader that was asked to hash them in order; else null.</summary>
        public virtual string? Sha256 => null;

        /// <summary>The next part, or null after the last. A reader that holds parts in memory waits while it holds as many as it may.</summary>
        public abstract Task<UploadSlice?> NextAsync(CancellationToken cancellationToken);

        /// <summary>A part is sent, or has failed for good: what held its bytes may hold the next.</summary>
        public virtual void Release(UploadSlice part)
        {
        }
    }
}
