using System;
using System.IO;

namespace FalStorage.Core.Sources
{
    /// <summary>The bytes being uploaded could not be read, or changed under the upload: a file, or what -Content gave.</summary>
    internal sealed class SourceReadException : IOException
    {
        public SourceReadException(string message, bool fromContent, Exception? innerException = null)
            : base(message, innerException)
        {
            FromContent = fromContent;
        }

        /// <summary>Whether the bytes came from -Content (a stream) rather than from a file.</summary>
        public bool FromContent { get; }
    }
}
