using System.Threading;
using System.Threading.Tasks;

namespace FalStorage.Core.Sources
{
    /// <summary>
    /// The bytes of one upload: a file, or what Send-FalAsset -Content was given (bytes, a string, a stream). It
    /// gives them whole for one request or in parts, and can hash them in a pass of its own where it can be read again.
    /// </summary>
    internal abstract class UploadSource
    {
        private const long Unknown = -1;
        private long _length;

        protected UploadSource(long? length)
        {
            _length = length ?? Unknown;
        }

        /// <summary>How messages name the bytes: a file's path in quotes, or "the -Content of 'name'".</summary>
        public abstract string Description { get; }

        /// <summary>The file's path; empty for -Content.</summary>
        public virtual string SourcePath => string.Empty;

        /// <summary>The length; null only for a stream that cannot seek, until it has been read to its end.</summary>
        public long? Length
        {
            get
            {
                var length = Interlocked.Read(ref _length);
                return length == Unknown ? (long?)null : length;
            }
        }

        /// <summary>The whole source as one request's body; only for a source of known length.</summary>
        public abstract UploadSlice Whole();

        /// <summary>
        /// The source in parts of <paramref name="partSize"/>; a source read in order holds at most
        /// <paramref name="maxHeld"/> in memory, and hashes them as it reads them when <paramref name="hashInOrder"/>.
        /// </summary>
        public abstract PartReader OpenParts(long partSize, int maxHeld, bool hashInOrder);

        /// <summary>The SHA-256, read from the source now (a pass of its own); null for a source that can be read only once, as it is sent.</summary>
        public abstract Task<string?> ComputeSha256Async(CancellationToken cancellationToken);

        /// <summary>A source read in order has been read to its end: now its length is known.</summary>
        protected void ReadToEnd(long length) => Interlocked.Exchange(ref _length, length);
    }
}
