using System.Threading;
using System.Threading.Tasks;

namespace FalStorage.Core.Sources
{
    /// <summary>
    /// The bytes of one upload: a file, or what Send-FalAsset -Content was given (bytes, a string, a stream). It
    /// gives them whole for one request or in parts, and knows their SHA-256 once something has read them all.
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

        /// <summary>Whether the bytes are hashed as they are sent (-SkipUnchanged and -Verify need their SHA-256).</summary>
        public bool HashWhileSending { get; set; }

        /// <summary>The SHA-256 of the bytes, once something has read them all (the upload on its way, or a pass of its own); else null.</summary>
        public string? KnownSha256 { get; private set; }

        /// <summary>The whole source as one request's body; only for a source of known length.</summary>
        public UploadSlice Whole()
        {
            var whole = CreateWhole();
            if (HashWhileSending)
            {
                whole.Hashed = sha256 => KnownSha256 = sha256;
            }

            return whole;
        }

        /// <summary>The source in parts of <paramref name="partSize"/>; a source read in order holds at most <paramref name="maxHeld"/> in memory.</summary>
        public abstract PartReader OpenParts(long partSize, int maxHeld);

        /// <summary>The SHA-256, read from the source now (a second pass, where one was not made on the way); null when it cannot be read before it is sent.</summary>
        public abstract Task<string?> ComputeSha256Async(CancellationToken cancellationToken);

        /// <summary>The SHA-256 that -SkipUnchanged and -Verify compare: the one known, or else a pass of its own; null for a stream not yet sent.</summary>
        public async Task<string?> Sha256Async(CancellationToken cancellationToken) =>
            KnownSha256 ??= await ComputeSha256Async(cancellationToken).ConfigureAwait(false);

        protected abstract UploadSlice CreateWhole();

        /// <summary>A source read in order has been read to its end: now its length is known, and its SHA-256 if it was hashed on the way.</summary>
        protected void ReadToEnd(long length, string? sha256)
        {
            Interlocked.Exchange(ref _length, length);
            KnownSha256 ??= sha256;
        }
    }
}
