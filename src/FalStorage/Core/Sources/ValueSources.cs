using System;
using System.IO;
using System.Text;
using System.Threading;

namespace FalStorage.Core.Sources
{
    /// <summary>The <see cref="UploadSource"/> for what Send-FalAsset -Content takes: a [byte[]], a string, or a readable stream.</summary>
    internal static class ValueSources
    {
        private static readonly Encoding Utf8WithoutBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        public static UploadSource FromBytes(byte[] bytes, string description) => new BytesSource(bytes, bytes.Length, description);

        /// <summary>A string goes as UTF-8, without a byte order mark.</summary>
        public static UploadSource FromString(string text, string description) => FromBytes(Utf8WithoutBom.GetBytes(text), description);

        /// <summary>
        /// A stream, from its current position. One that can seek is read as it is sent. One that cannot is read ahead
        /// by up to <paramref name="readAhead"/> bytes: if it ends there it goes whole from memory (and is retried from
        /// there); otherwise it goes in parts, read as they go, since its length cannot be known before.
        /// </summary>
        public static UploadSource FromStream(Stream stream, string description, long readAhead, CancellationToken cancellationToken)
        {
            if (!stream.CanRead)
            {
                throw new ArgumentException($"{Sentence.Capitalize(description)} cannot be read: it is closed, or open for writing only. Give a readable stream, from the position to send from.");
            }

            if (stream.CanSeek)
            {
                try
                {
                    var start = stream.Position;
                    return new SeekableStreamSource(stream, start, Math.Max(0, stream.Length - start), description);
                }
                catch (NotSupportedException)
                {
                    // Says it can seek, but cannot tell its length: read like a stream that cannot.
                }
            }

            var limit = (int)Math.Min(readAhead + 1, int.MaxValue);
            var buffer = new byte[Math.Min(limit, 80 * 1024)];
            var filled = 0;
            while (filled < limit)
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min(limit, buffer.Length * 2L));
                }

                var read = StreamReads.ReadAsync(stream, buffer, filled, buffer.Length - filled, description, cancellationToken).GetAwaiter().GetResult();
                if (read == 0)
                {
                    return new BytesSource(buffer, filled, description);
                }

                filled += read;
            }

            return new UnseekableStreamSource(stream, buffer, description);
        }
    }
}
