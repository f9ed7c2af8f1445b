using System;
using System.IO;

namespace FalStorage.Core.Sources
{
    /// <summary>A range of bytes in memory: -Content's bytes or string, or a part read from a -Content stream.</summary>
    internal sealed class MemorySlice : UploadSlice
    {
        private readonly int _offset;

        public MemorySlice(byte[] buffer, int offset, int length)
            : base(length)
        {
            Buffer = buffer;
            _offset = offset;
        }

        /// <summary>The array the bytes are in; a part's, to be used again once the part is sent.</summary>
        public byte[] Buffer { get; }

        public override Stream OpenReader() => new MemoryStream(Buffer, _offset, (int)Length, writable: false);

        // Bytes in memory neither end early nor fail to read: these would be bugs of the module's own.
        public override SourceReadException EndedEarly(long missing) => throw new InvalidOperationException($"A slice of bytes in memory ended {missing} bytes early.");

        public override SourceReadException ReadFailed(Exception exception) => throw new InvalidOperationException("A slice of bytes in memory could not be read.", exception);
    }
}
