using System;

namespace FalStorage.Core.Downloads
{
    /// <summary>
    /// The local file could not be written (disk full, no permission, a folder in the way). Not an IOException on
    /// purpose: the HTTP layer reads those as a lost connection, and this is the destination's trouble, not the server's.
    /// </summary>
    internal sealed class DestinationWriteException : Exception
    {
        public DestinationWriteException(string path, Exception innerException)
            : base($"The destination file '{path}' could not be written or read: {Sentence.End(innerException.Message)} Check the destination folder (free space, permissions, a folder or locked file in the way).", innerException)
        {
        }
    }
}
