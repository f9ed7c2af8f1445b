namespace FalStorage.Core.Http
{
    /// <summary>Why a request got no answer the module can use (see <see cref="FalTransportException"/>).</summary>
    internal enum TransportFailure
    {
        /// <summary>The connection failed or was lost; it may pass.</summary>
        Unreachable,

        /// <summary>Refused, or a name that does not resolve, before anything of the session ever answered: a configuration error.</summary>
        NeverReached,

        TimedOut,

        /// <summary>The answer is not the fal Storage API's (a web server, a wrong path): a configuration error.</summary>
        UnexpectedResponse,

        /// <summary>The TLS handshake failed (often: https:// to a port that speaks plain HTTP): a configuration error.</summary>
        TlsFailed,
    }
}
