using System;
using System.Collections.Generic;
using System.IO;

namespace FalStorage.Core.Downloads
{
    /// <summary>
    /// The folder one command saves into, and the names it has handed out: two inputs of one run with the same name
    /// get "name (2).ext", "name (3).ext", so neither overwrites the other. Names are compared ignoring case, as
    /// Windows and macOS compare them.
    /// </summary>
    internal sealed class DestinationFolder
    {
        private readonly HashSet<string> _claimed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        public DestinationFolder(string path)
        {
            var full = System.IO.Path.GetFullPath(path);

            // Without its trailing separator, as GetDirectoryName gives a file's folder; a root keeps its own.
            Path = full.Length > System.IO.Path.GetPathRoot(full).Length
                ? full.TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar)
                : full;
        }

        public string Path { get; }

        /// <summary>The full path for a safe name (see <see cref="SafeFileName"/>), another one if this run already took it.</summary>
        public string Claim(string safeName)
        {
            var name = safeName;
            lock (_claimed)
            {
                for (var n = 2; !_claimed.Add(name); n++)
                {
                    name = $"{System.IO.Path.GetFileNameWithoutExtension(safeName)} ({n}){System.IO.Path.GetExtension(safeName)}";
                }
            }

            return Inside(name);
        }

        /// <summary>The name's full path, checked to be a file directly in the folder (a second guard behind <see cref="SafeFileName"/>).</summary>
        private string Inside(string name)
        {
            var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, name));
            if (!string.Equals(System.IO.Path.GetDirectoryName(full), Path, StringComparison.Ordinal) || System.IO.Path.GetFileName(full).Length == 0)
            {
                throw new ArgumentException($"The name '{name}' would leave the destination folder '{Path}'.", nameof(name));
            }

            return full;
        }
    }
}
