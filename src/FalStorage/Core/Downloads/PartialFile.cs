using System;
using System.IO;
using System.Security.Cryptography;

namespace FalStorage.Core.Downloads
{
    /// <summary>
    /// The temporary file a download is written to, beside its target: ".{name}.{8 hex}.falpart", created new (never
    /// an existing file), renamed onto the target only once it is complete and checked, and otherwise deleted. It is
    /// the only file the download ever deletes.
    /// </summary>
    internal sealed class PartialFile
    {
        public const string Suffix = ".falpart";

        private bool _gone;

        private PartialFile(string path)
        {
            Path = path;
        }

        public string Path { get; }

        /// <summary>Creates an empty temporary file in the target's folder (so the rename never crosses volumes).</summary>
        public static PartialFile CreateBeside(string target)
        {
            var random = new byte[4];
            using (var generator = RandomNumberGenerator.Create())
            {
                generator.GetBytes(random);
            }

            var path = System.IO.Path.Combine(
                System.IO.Path.GetDirectoryName(target)!, "." + System.IO.Path.GetFileName(target) + "." + Hex.Encode(random).ToLowerInvariant() + Suffix);
            Writing(path, () => new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite).Dispose());
            return new PartialFile(path);
        }

        /// <summary>A stream writing from <paramref name="offset"/>; ranges of one file are written by several at once.</summary>
        public Stream OpenAt(long offset) => Writing(Path, () =>
        {
            var stream = new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1);
            stream.Seek(offset, SeekOrigin.Begin);
            return stream;
        });

        /// <summary>Empties the file: the server's file changed, and the download starts over.</summary>
        public void Truncate() => Writing(Path, () =>
        {
            using var stream = new FileStream(Path, FileMode.Truncate, FileAccess.Write, FileShare.ReadWrite);
        });

        /// <summary>
        /// Renames the complete file to <paramref name="target"/>; over an existing one only when <paramref name="replace"/>
        /// (-Force). Without it, a file that appeared there meanwhile makes the rename fail, and is left as it is.
        /// </summary>
        public void MoveTo(string target, bool replace)
        {
            Writing(target, () =>
            {
                if (replace && File.Exists(target))
                {
                    File.Replace(Path, target, null);
                }
                else
                {
                    File.Move(Path, target);
                }
            });
            _gone = true;
        }

        /// <summary>Deletes the temporary file, unless it became the target; a failure to delete it is not the download's failure.</summary>
        public void Delete()
        {
            if (_gone)
            {
                return;
            }

            try
            {
                File.Delete(Path);
                _gone = true;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Left behind, its name says what it is.
            }
        }

        /// <summary>What the file system throws, as the destination's trouble (see <see cref="DestinationWriteException"/>).</summary>
        public static void Writing(string path, Action write) => Writing(path, () =>
        {
            write();
            return true;
        });

        public static T Writing<T>(string path, Func<T> write)
        {
            try
            {
                return write();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
            {
                throw new DestinationWriteException(path, ex);
            }
        }
    }
}
