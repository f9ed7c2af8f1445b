using System;
using System.Linq;

namespace FalStorage.Core.Downloads
{
    /// <summary>
    /// A file name from a URL or a model's <c>file_name</c>, made safe to create in a folder on any system: only its
    /// last path component, no character a file system refuses, no trailing dot or space, no reserved Windows
    /// device name. What comes out can never name another folder.
    /// </summary>
    internal static class SafeFileName
    {
        /// <summary>The name of a file whose URL and file_name leave nothing usable (a URL ending in /, a name of dots).</summary>
        public const string Fallback = "download";

        /// <summary>Windows refuses these in a name; refused on every system, so a folder of results can move between them.</summary>
        private static readonly char[] Refused = { '<', '>', ':', '"', '/', '\\', '|', '?', '*' };

        /// <summary>Windows' device names, which open the device whatever the extension (CON.txt is CON).</summary>
        private static readonly string[] Reserved =
        {
            "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
        };

        /// <summary>Most file systems take 255 characters; a little is left for a duplicate's " (2)" and the temporary file's suffix.</summary>
        private const int MaxLength = 200;

        /// <summary>The decoded last segment of the URL's path, made safe.</summary>
        public static string FromUrl(Uri url)
        {
            var path = url.AbsolutePath;
            var last = path.Substring(path.LastIndexOf('/') + 1);
            return Clean(Uri.UnescapeDataString(last));
        }

        /// <summary>The name made safe; <see cref="Fallback"/> when nothing of it is left.</summary>
        public static string Clean(string? name)
        {
            if (string.IsNullOrEmpty(name))
            {
                return Fallback;
            }

            // Only the last component of any path, whichever separator it uses ("..\..\x", "/etc/x", "C:\x").
            var last = name!.Split('/', '\\').Last();
            var kept = new string(last.Select(c => char.IsControl(c) || Array.IndexOf(Refused, c) >= 0 ? '_' : c).ToArray());

            // Windows drops trailing dots and spaces, so "a." and "a" would be one file; "." and ".." become nothing.
            kept = kept.Trim().TrimEnd('.', ' ');
            if (kept.Length == 0)
            {
                return Fallback;
            }

            if (kept.Length > MaxLength)
            {
                var extension = System.IO.Path.GetExtension(kept);
                extension = extension.Length > 20 ? string.Empty : extension;
                kept = kept.Substring(0, MaxLength - extension.Length).TrimEnd('.', ' ') + extension;
            }

            var stem = kept.Split('.')[0].TrimEnd(' ');
            return Reserved.Any(device => string.Equals(device, stem, StringComparison.OrdinalIgnoreCase)) ? "_" + kept : kept;
        }
    }
}
