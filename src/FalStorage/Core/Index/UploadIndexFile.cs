using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace FalStorage.Core.Index
{
    /// <summary>
    /// Reads what is at an index path without changing it, and tells an index the module wrote from anything else.
    /// Every index starts with a format member (<see cref="FormatName"/>), so that a damaged one is still known as
    /// the module's and can be set aside; a file without it is the module's only if it reads whole as an index of
    /// this version (indexes written before the marker existed).
    /// </summary>
    internal static class UploadIndexFile
    {
        public const string FormatName = "falstorage-upload-index";

        // The writer puts the format member first and writes no spaces; a damaged file keeps its start.
        private const string Marker = "\"format\":\"" + FormatName + "\"";
        private const int MarkerSearchLength = 256;

        /// <summary>
        /// The index at <paramref name="path"/>: null when there is no file, or when it is the module's index but damaged
        /// (<paramref name="damaged"/> then says so). Throws <see cref="UploadIndexRefusedException"/> for a directory, a
        /// file that is not the module's index, or an index of a newer version: those are never read as an index.
        /// </summary>
        public static UploadIndexDocument? Read(string path, out bool damaged)
        {
            damaged = false;
            if (Directory.Exists(path))
            {
                throw new UploadIndexRefusedException(
                    path,
                    $"The upload index path '{path}' is a directory. -IndexPath names the index file itself, for example '{System.IO.Path.Combine(path, "upload-index.json")}'.",
                    isDirectory: true);
            }

            if (!File.Exists(path))
            {
                return null;
            }

            var content = File.ReadAllBytes(path);
            var document = UploadIndexDocument.TryParse(content);
            if (document != null)
            {
                return document;
            }

            if (!HasMarker(content))
            {
                throw new UploadIndexRefusedException(
                    path,
                    $"'{path}' is not a FalStorage upload index, so it was left as it is. Name a file of its own with -IndexPath (or FAL_UPLOAD_INDEX), or leave both out for the default index.",
                    isDirectory: false);
            }

            var version = UploadIndexDocument.ReadVersion(content);
            if (version > UploadIndexDocument.Version)
            {
                throw new UploadIndexRefusedException(
                    path,
                    $"'{path}' is an upload index of a newer FalStorage (format version {version}); this version neither reads nor changes it. Update the module, or name another file with -IndexPath.",
                    isDirectory: false);
            }

            damaged = true;
            return null;
        }

        /// <summary>
        /// Moves a damaged index out of the way, never over another file: to <c>&lt;name&gt;.corrupt-&lt;UTC time&gt;</c>
        /// beside it; returns where it went.
        /// </summary>
        public static string SetAside(string path, DateTimeOffset now)
        {
            var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var target = $"{path}.corrupt-{stamp}";
            for (var n = 2; File.Exists(target) || Directory.Exists(target); n++)
            {
                target = $"{path}.corrupt-{stamp}-{n}";
            }

            File.Move(path, target);
            return target;
        }

        private static bool HasMarker(byte[] content)
        {
            var start = Encoding.UTF8.GetString(content, 0, Math.Min(content.Length, MarkerSearchLength));
            return start.IndexOf(Marker, StringComparison.Ordinal) >= 0;
        }
    }
}
