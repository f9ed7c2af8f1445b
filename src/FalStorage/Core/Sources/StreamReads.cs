using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace FalStorage.Core.Sources
{
    /// <summary>Reading a -Content stream, and what goes wrong with one, said alike wherever it is read.</summary>
    internal static class StreamReads
    {
        /// <summary>One read of a -Content stream: what its reading throws is <see cref="ReadFailed"/>; a cancellation stays one.</summary>
        public static async Task<int> ReadAsync(Stream stream, byte[] buffer, int offset, int count, string description, CancellationToken cancellationToken)
        {
            try
            {
                return await stream.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                throw ReadFailed(description, ex);
            }
        }

        public static SourceReadException EndedEarly(string description, long expected, long missing) =>
            new SourceReadException(
                $"{Sentence.Capitalize(description)} ended {missing} bytes early: it had {expected} bytes from its position when the upload began. Nothing was stored; keep the stream unchanged until Send-FalAsset returns.",
                fromContent: true);

        public static SourceReadException ReadFailed(string description, Exception exception) =>
            new SourceReadException(
                $"Reading {description} failed: {Sentence.End(exception.Message)} Nothing was stored for it.",
                fromContent: true,
                exception);

        public static SourceReadException ReadOnce(string description) =>
            new SourceReadException(
                $"{Sentence.Capitalize(description)} cannot seek, and its bytes were already sent once: they cannot be sent again, so the upload is not retried. Give a seekable stream (a MemoryStream, a FileStream) or a [byte[]] to have it retried from the start.",
                fromContent: true);
    }
}
