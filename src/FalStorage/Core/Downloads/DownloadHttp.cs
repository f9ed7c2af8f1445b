using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Api;
using FalStorage.Core.Credentials;
using FalStorage.Core.Http;

namespace FalStorage.Core.Downloads
{
    /// <summary>The GETs of downloads, sent the one way the module sends requests (<see cref="SessionHttp"/>), under the command's stall timeout.</summary>
    internal sealed class DownloadHttp
    {
        private readonly SessionHttp _http;
        private readonly TimeSpan _timeout;

        public DownloadHttp(SessionHttp http, TimeSpan timeout)
        {
            _http = http;
            _timeout = timeout;
        }

        /// <summary>
        /// GET of <paramref name="range"/>'s bytes not yet written (or of the whole file, without <paramref name="ranged"/>),
        /// only if the file still has <paramref name="ifMatch"/> as its ETag, with the CDN token if given; a successful
        /// answer's body is handed to <paramref name="read"/> as it streams in, another becomes a <see cref="FalApiException"/>.
        /// </summary>
        public async Task<T> GetAsync<T>(
            Uri url, ByteRange range, bool ranged, string? ifMatch, CdnTokenLease? token, Func<HttpResponseMessage, Stream, StallTimeout, Task<T>> read, CancellationToken cancellationToken)
        {
            using var request = SessionHttp.NewRequest(HttpMethod.Get, url);
            if (ranged)
            {
                request.Headers.Range = new RangeHeaderValue(range.Next, range.End);
            }

            if (ifMatch != null)
            {
                request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
            }

            token?.Authorize(request);

            return await _http.ReceiveAsync(
                request,
                response => new FalApiException(FalOperation.Download, response.StatusCode, null, FalStorageClient.RetryAfter(response), SafeUrl.Describe(url)),
                read,
                _timeout,
                cancellationToken).ConfigureAwait(false);
        }
    }
}
