using System;
using System.IO;

namespace FalStorage.Core.Sources
{
    /// <summary>
    /// A byte range of a file as it was when the upload began. The length and write time are
    /// remembered, so a file that changes while it is sent is caught instead of stored half-old.
    /// </summary>
    internal sealed class FileSlice : UploadSlice
    {
        private FileSlice(string path, long offset, long length, long fileLength, DateTime lastWriteTimeUtc)
            : base(length)
        {
            Path = path;
            Offset = offset;
            FileLength = fileLength;
            LastWriteTimeUtc = lastWriteTimeUtc;
        }

        public string Path { get; }

        public long Offset { get; }

        public long FileLength { get; }

        public DateTime LastWriteTimeUtc { get; }

        /// <summary>The whole file, as it is now.</summary>
        public static FileSlice WholeFile(string path)
        {
            var info = new FileInfo(path);
            return new FileSlice(path, 0, info.Length, info.Length, info.LastWriteTimeUtc);
        }

        /// <summary>A part of the same file, measured against the same snapshot.</summary>
        public FileSlice Part(long offset, long length) => new FileSlice(Path, offset, length, FileLength, LastWriteTimeUtc);

        // Shared for reading only: a file another program holds open for writing is refused, not read half-written.
        public override Stream OpenReader()
        {
            try
            {
                return new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan) { Position = Offset };
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw ReadFailed(ex);
            }
        }

        /// <summary>Throws when the file is no longer the one this slice was taken from.</summary>
        public override void EnsureUnchanged()
        {
            var info = new FileInfo(Path);
            if (!info.Exists)
            {
                throw new SourceReadException(
                    $"'{Path}' was deleted or moved while it was being uploaded. Nothing was stored for it.",
                    fromContent: false);
            }

            if (info.Length != FileLength || info.LastWriteTimeUtc != LastWriteTimeUtc)
            {
                var change = info.Length != FileLength
                    ? $"it was {FileLength} bytes long and is {info.Length} bytes now"
                    : $"its length is the same, but it was written to at {info.LastWriteTimeUtc:yyyy-MM-dd HH:mm:ss} UTC, after the upload began";
                throw new SourceReadException(
                    $"'{Path}' changed while it was being uploaded: {change}. Nothing was stored for it; upload it again once whatever writes it is done.",
                    fromContent: false);
            }
        }

        public override SourceReadException EndedEarly(long missing) => new SourceReadException($"'{Path}' ended {missing} bytes early.", fromContent: false);

        public override SourceReadException ReadFailed(Exception exception) =>
            new SourceReadException($"Cannot read '{Path}': {exception.Message}", fromContent: false, exception);
    }
}
