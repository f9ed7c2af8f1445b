using System;

namespace FalStorage.Core.Downloads
{
    /// <summary>A file with other bytes is already where a download would go; it is left as it is.</summary>
    internal sealed class DestinationExistsException : Exception
    {
        public DestinationExistsException(string path)
            : base($"'{path}' already exists with other bytes than the download, and was left as it is. Use -Force to replace it, or save to another -Destination or -FileName.")
        {
            Path = path;
        }

        public string Path { get; }
    }
}
