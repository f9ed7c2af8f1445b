using System;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Security.Authentication;

namespace FalStorage.Core
{
    /// <summary>Builds the HttpClient a session keeps for its whole life, so connections are reused.</summary>
    internal static class HttpClientFactory
    {
        private static readonly bool IsNetFramework =
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        public static HttpClient Create(int maxConnectionsPerServer)
        {
            var handler = new HttpClientHandler
            {
                UseProxy = true,
                MaxConnectionsPerServer = maxConnectionsPerServer,
            };

            if (IsNetFramework)
            {
                ApplyNetFrameworkDefaults(handler, maxConnectionsPerServer);
            }

            // Timeouts are set per request: a whole-client timeout would cut off large uploads.
            return new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        }

        private static void ApplyNetFrameworkDefaults(HttpClientHandler handler, int maxConnectionsPerServer)
        {
            // Windows PowerShell 5.1 may default to SSL 3 / TLS 1.0, which fal's hosts refuse
            // ("Could not create SSL/TLS secure channel"). Ask for TLS 1.2 on this handler only.
            try
            {
                handler.SslProtocols = SslProtocols.Tls12;
            }
            catch (PlatformNotSupportedException)
            {
                // .NET Framework before 4.7.1 has no per-handler setting; add TLS 1.2 without removing anything.
                ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
            }

            // .NET Framework otherwise allows two connections per host, which would serialize parallel uploads.
            if (ServicePointManager.DefaultConnectionLimit < maxConnectionsPerServer)
            {
                ServicePointManager.DefaultConnectionLimit = maxConnectionsPerServer;
            }

            var proxy = EnvironmentProxy.FromEnvironment(Environment.GetEnvironmentVariables());
            if (proxy != null)
            {
                handler.Proxy = proxy;
            }
        }
    }
}
