using System;

namespace FalStorage.Core.Http
{
    /// <summary>The service could not be reached, did not answer in time, or did not answer like the fal Storage API.</summary>
    internal sealed class FalTransportException : Exception
    {
        public FalTransportException(TransportFailure failure, string message, Exception? innerException = null)
            : base(message, innerException)
        {
            Failure = failure;
        }

        public TransportFailure Failure { get; }
    }
}
