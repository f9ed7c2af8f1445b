using System;

namespace FalStorage.Core.Downloads
{
    /// <summary>The server's file changed (another ETag, or If-Match refused) while it was being downloaded by ranges.</summary>
    internal sealed class ContentChangedException : Exception
    {
        public ContentChangedException(string message)
            : base(message)
        {
        }
    }
}
