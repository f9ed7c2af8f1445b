using System;

namespace FalStorage.Core.Uploads
{
    /// <summary>The CDN does not serve what was uploaded.</summary>
    internal sealed class VerificationException : Exception
    {
        public VerificationException(string message)
            : base(message)
        {
        }
    }
}
