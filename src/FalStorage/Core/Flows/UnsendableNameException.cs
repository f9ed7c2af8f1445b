using System;

namespace FalStorage.Core.Flows
{
    /// <summary>A file name or content type the chosen upload flow cannot send (the token flow's headers take ASCII only).</summary>
    internal sealed class UnsendableNameException : ArgumentException
    {
        public UnsendableNameException(string message)
            : base(message)
        {
        }
    }
}
