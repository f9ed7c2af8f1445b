using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using FalStorage.Core;
using FalStorage.Core.Sources;

namespace FalStorage.Core.Http
{
    /// <summary>What a request that threw means for the module: file trouble, a stall, a service never reached, or an outage.</summary>
    internal static class RequestFailure
    {
        /// <summary>Turns what HttpClient throws into what the module reports: file trouble, a stall, or no connection.</summary>
        public static Exception Translate(Exception exception, Uri requestUrl, StallTimeout stall, SessionReachability contact, CancellationToken cancellationToken)
        {
            var target = SafeUrl.Describe(requestUrl);
            if (Chain(exception).OfType<SourceReadException>().FirstOrDefault() is SourceReadException sourceFile)
            {
                return sourceFile;
            }

            if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                return exception;
            }

            if (exception is OperationCanceledException)
            {
                return new FalTransportException(TransportFailure.TimedOut, $"{target} made no progress for {stall.Timeout.TotalSeconds:0.#} seconds.", exception);
            }

            if (FindTlsFailure(exception) is Exception tls)
            {
                return new FalTransportException(
                    TransportFailure.TlsFailed,
                    $"{target} did not complete a TLS handshake: {Sentence.End(tls.Message)} If the endpoint speaks plain HTTP (as the local emulator does), give it as http://: did you mean {PlainHttp(requestUrl)}?",
                    exception);
            }

            if (exception is HttpRequestException || exception is IOException)
            {
                var reason = $"Could not reach {target}: {Sentence.End(Innermost(exception).Message)}";
                return !contact.HasAnswered && IsRefusedOrUnresolved(exception)
                    ? new FalTransportException(
                        TransportFailure.NeverReached,
                        reason + " Nothing there has ever answered, so this is not retried: check -Endpoint (or FAL_REST_HOST), that the service is running, and any proxy (HTTPS_PROXY).",
                        exception)
                    : new FalTransportException(TransportFailure.Unreachable, reason, exception);
            }

            return exception;
        }

        /// <summary>A refused connection or a host name that does not exist; not a reset, a stall or a DNS server that did not answer.</summary>
        private static bool IsRefusedOrUnresolved(Exception exception) =>
            Chain(exception).Any(inner =>
                (inner is SocketException socket && (socket.SocketErrorCode == SocketError.ConnectionRefused || socket.SocketErrorCode == SocketError.HostNotFound || socket.SocketErrorCode == SocketError.NoData)) ||

                // .NET Framework (Windows PowerShell) reports a name that does not resolve without a SocketException.
                (inner is WebException web && (web.Status == WebExceptionStatus.NameResolutionFailure || web.Status == WebExceptionStatus.ProxyNameResolutionFailure)));

        /// <summary>The handshake's own failure; .NET Framework (Windows PowerShell) reports it as a WebException.</summary>
        private static Exception? FindTlsFailure(Exception exception) =>
            Chain(exception).FirstOrDefault(inner =>
                inner is AuthenticationException ||
                (inner is WebException web && (web.Status == WebExceptionStatus.SecureChannelFailure || web.Status == WebExceptionStatus.TrustFailure)));

        /// <summary>The scheme and authority of <paramref name="url"/>, over plain HTTP.</summary>
        private static string PlainHttp(Uri url) => new UriBuilder(url) { Scheme = Uri.UriSchemeHttp, Path = "/", Query = string.Empty }.Uri.GetLeftPart(UriPartial.Authority);

        private static Exception Innermost(Exception exception) => Chain(exception).Last();

        /// <summary>The exception and the ones inside it, outermost first.</summary>
        private static IEnumerable<Exception> Chain(Exception exception)
        {
            for (var inner = exception; inner != null; inner = inner.InnerException)
            {
                yield return inner;
            }
        }
    }
}
