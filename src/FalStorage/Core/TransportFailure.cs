namespace FalStorage.Core
{
    /// <summary>Why a request got no answer the module can use (see <see cref="FalTransportException"/>).</summary>
    internal enum TransportFailure
    {
        /// <summary>The connection failed or was lost; it may pass.</summary>
        Unreachable,

        /// <summary>Refused, or a name that does not resolve, before anything of the session ever answered: a configuration error.</summary>
        NeverReached,

        TimedOut,
        UnexpectedResponse,
    }
}
