using System;
using System.IO;

namespace FalStorage.Core
{
    /// <summary>The file being uploaded could not be read, or changed under the upload.</summary>
    internal sealed class SourceFileException : IOException
    {
        public SourceFileException(string message, Exception? innerException = null)
            : base(message, innerException)
        {
        }
    }
}
