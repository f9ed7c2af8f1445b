using System;
using System.Net.Http;
using System.Runtime.InteropServices;

namespace FalStorage.Core.Http
{
    /// <summary>
    /// Builds the HttpClient a session keeps for its whole life, so connections are reused. What differs between
    /// runtimes is decided here and in <see cref="ServicePointSettings"/>, and nowhere else: every other choice
    /// (no Expect: 100-continue, a Content-Length on every body) is made on each request, the same on every runtime.
    /// </summary>
    internal static class HttpClientFactory
    {
        /// <summary>
        /// .NET Framework (Windows PowerShell 5.1) and Mono: HttpClientHandler over HttpWebRequest and its
        /// ServicePoints. .NET Core and .NET 5+ (PowerShell 7) have SocketsHttpHandler, which sets TCP_NODELAY on
        /// every connection, sends Expect: 100-continue only when a request asks for it, and takes its connection
        /// limit and TLS versions from the handler alone.
        /// </summary>
        private static readonly bool OverHttpWebRequest =
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal) ||
            RuntimeInformation.FrameworkDescription.StartsWith("Mono", StringComparison.Ordinal);

        /// <param name="maxConnectionsPerServer">The session's connections per host.</param>
        /// <param name="bottom">For tests: a handler just above the socket handler, seeing each request as it is sent.</param>
        public static HttpClient Create(int maxConnectionsPerServer, DelegatingHandler? bottom = null)
        {
            var handler = new HttpClientHandler
            {
                UseProxy = true,
                MaxConnectionsPerServer = maxConnectionsPerServer,
            };

            HttpMessageHandler pipeline = handler;
            if (bottom != null)
            {
                bottom.InnerHandler = pipeline;
                pipeline = bottom;
            }

            if (OverHttpWebRequest)
            {
                var proxy = EnvironmentProxy.FromEnvironment(Environment.GetEnvironmentVariables());
                if (proxy != null)
                {
                    handler.Proxy = proxy;
                }

                ModernTls.Require(handler);
                pipeline = new ServicePointSettings(handler, maxConnectionsPerServer) { InnerHandler = pipeline };
            }

            // Timeouts are set per request: a whole-client timeout would cut off large uploads.
            return new HttpClient(pipeline, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        }
    }
}
