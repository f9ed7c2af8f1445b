using System;
using System.IO;

namespace FalStorage.Core.Sources
{
    /// <summary>
    /// A range of an upload's bytes: the body of one request, read afresh for each attempt, so a retry
    /// sends the same bytes again without anything held for it.
    /// </summary>
    internal abstract class UploadSlice
    {
        protected UploadSlice(long length)
        {
            Length = length;
        }

        public long Length { get; }

        /// <summary>Whether the stream <see cref="OpenReader"/> gives belongs to the attempt (a file's), or to the caller (a -Content stream, never disposed).</summary>
        public virtual bool ReaderIsOwned => true;

        /// <summary>A stream at the slice's first byte, for one attempt.</summary>
        public abstract Stream OpenReader();

        /// <summary>Throws when the source is no longer what the upload began with; called before the last bytes go out.</summary>
        public virtual void EnsureUnchanged()
        {
        }

        /// <summary>The error for a source that gave fewer bytes than the slice has.</summary>
        public abstract SourceReadException EndedEarly(long missing);

        /// <summary>The error for a source whose reading threw.</summary>
        public abstract SourceReadException ReadFailed(Exception exception);
    }
}
