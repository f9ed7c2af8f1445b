using System;

namespace FalStorage.Core
{
    /// <summary>What goes wrong with a -Content stream, said alike wherever it is read.</summary>
    internal static class ContentStreamErrors
    {
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
