using System;
using System.IO;

namespace FalStorage.Core.Sources
{
    /// <summary>A seekable -Content stream from the position it had when the upload began: each attempt seeks back there.</summary>
    internal sealed class StreamSlice : UploadSlice
    {
        private readonly Stream _stream;
        private readonly long _start;
        private readonly string _description;

        public StreamSlice(Stream stream, long start, long length, string description)
            : base(length)
        {
            _stream = stream;
            _start = start;
            _description = description;
        }

        /// <summary>The caller's stream: the cmdlet reads it, and leaves it to its owner to dispose.</summary>
        public override bool ReaderIsOwned => false;

        public override Stream OpenReader()
        {
            try
            {
                _stream.Position = _start;
                return _stream;
            }
            catch (Exception ex)
            {
                throw ReadFailed(ex);
            }
        }

        public override SourceReadException EndedEarly(long missing) => StreamReads.EndedEarly(_description, Length, missing);

        public override SourceReadException ReadFailed(Exception exception) => StreamReads.ReadFailed(_description, exception);
    }
}
