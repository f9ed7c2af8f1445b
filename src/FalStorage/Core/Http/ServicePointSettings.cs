using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace FalStorage.Core.Http
{
    /// <summary>
    /// Over HttpWebRequest (.NET Framework, Mono), a host's connections follow its ServicePoint, shared by every
    /// HttpWebRequest and HttpClient in the process. Before each request this sets what the module needs on that
    /// host's ServicePoint only: the session's connection limit (the process's default is two per host, which would
    /// serialize parallel uploads), Nagle's algorithm off (headers and body are written separately, and Nagle would
    /// hold a small body back for the server's delayed ACK), and no Expect: 100-continue (which holds each body back
    /// for a round trip). No ServicePointManager default changes: other modules in the same process (an Azure
    /// Automation sandbox runs several jobs in one) keep theirs.
    /// </summary>
    internal sealed class ServicePointSettings : DelegatingHandler
    {
        private readonly HttpClientHandler _handler;
        private readonly int _connectionLimit;

        public ServicePointSettings(HttpClientHandler handler, int connectionLimit)
        {
            _handler = handler;
            _connectionLimit = connectionLimit;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // Looked up every time: ServicePointManager drops a ServicePoint left idle (100 s by default) and makes a
            // new one, with the defaults, for the next request. The one HttpWebRequest will use: the proxy's, through one.
            var proxy = _handler.UseProxy ? _handler.Proxy ?? WebRequest.DefaultWebProxy : null;
            var servicePoint = ServicePointManager.FindServicePoint(request.RequestUri!, proxy);
            if (servicePoint.ConnectionLimit < _connectionLimit)
            {
                servicePoint.ConnectionLimit = _connectionLimit;
            }

            if (servicePoint.UseNagleAlgorithm)
            {
                servicePoint.UseNagleAlgorithm = false;
            }

            if (servicePoint.Expect100Continue)
            {
                servicePoint.Expect100Continue = false;
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
