using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Api;

namespace FalStorage.Core.Http
{
    /// <summary>
    /// A session's HTTP: one HttpClient for all its commands and clients, whether anything it talks to has answered
    /// (<see cref="SessionReachability"/>), and the one way a request is sent: built against its own stall timeout,
    /// its answer read whole or streamed, what HttpClient throws translated by <see cref="RequestFailure"/>.
    /// </summary>
    internal sealed class SessionHttp
    {
        public const int DefaultMaxConnections = 64;

        // Never disposed: a session outlives Disconnect-FalStorage in any variable or ticket that holds it, so its
        // connections go when it is collected.
        private readonly HttpClient _http;
        private readonly SessionReachability _reachability = new SessionReachability();

        /// <param name="bottomHandler">For tests: sees each request just before the socket handler sends it.</param>
        public SessionHttp(DelegatingHandler? bottomHandler)
        {
            _http = HttpClientFactory.Create(DefaultMaxConnections, bottomHandler);
        }

        /// <summary>
        /// Sends one request and reads the whole answer. An answer that is not a success becomes the exception
        /// <paramref name="refuse"/> makes of it (its status, headers and body).
        /// </summary>
        public async Task<ApiResponse> SendAsync(
            Func<StallTimeout, HttpRequestMessage> buildRequest, Func<HttpResponseMessage, byte[], Exception> refuse, TimeSpan timeout, CancellationToken cancellationToken)
        {
            using var stall = new StallTimeout(timeout, cancellationToken);
            using var request = buildRequest(stall);
            HttpResponseMessage? response = null;
            byte[] body;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, stall.Token).ConfigureAwait(false);
                _reachability.Answered();
                body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                response?.Dispose();
                throw RequestFailure.Translate(ex, request.RequestUri!, stall, _reachability, cancellationToken);
            }

            using (response)
            {
                return response.IsSuccessStatusCode
                    ? new ApiResponse(response.StatusCode, body, response.Headers.ETag?.Tag, response.Content.Headers.ContentLength)
                    : throw refuse(response, body);
            }
        }

        /// <summary>
        /// Sends one request and hands a successful answer's body to <paramref name="read"/> as it streams in (the
        /// reader counts what it reads as progress against the stall timeout). Another answer becomes what
        /// <paramref name="refuse"/> makes of it; what the reader throws other than a transport failure is its own.
        /// </summary>
        public async Task<T> ReceiveAsync<T>(
            HttpRequestMessage request, Func<HttpResponseMessage, Exception> refuse, Func<HttpResponseMessage, Stream, StallTimeout, Task<T>> read, TimeSpan timeout, CancellationToken cancellationToken)
        {
            using var stall = new StallTimeout(timeout, cancellationToken);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stall.Token).ConfigureAwait(false);
                _reachability.Answered();
            }
            catch (Exception ex)
            {
                throw RequestFailure.Translate(ex, request.RequestUri!, stall, _reachability, cancellationToken);
            }

            using (response)
            {
                if (!response.IsSuccessStatusCode)
                {
                    throw refuse(response);
                }

                try
                {
                    using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                    return await read(response, body, stall).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpRequestException || ex is IOException || ex is OperationCanceledException)
                {
                    throw RequestFailure.Translate(ex, request.RequestUri!, stall, _reachability, cancellationToken);
                }
            }
        }

        /// <summary>
        /// Every request the module sends is made here. It says it expects no 100 Continue: .NET Framework's default
        /// (ServicePointManager.Expect100Continue) would hold each body back a round trip, up to 350 ms, for a
        /// 100 Continue that fal's hosts need not send. A body always has a Content-Length (SliceBody and
        /// ByteArrayContent know theirs): .NET Framework's HttpClientHandler then streams it (its HttpWebRequest is made
        /// with write buffering off) where one of unknown length would be buffered whole.
        /// </summary>
        public static HttpRequestMessage NewRequest(HttpMethod method, Uri url, HttpContent? content = null)
        {
            var request = new HttpRequestMessage(method, url) { Content = content };
            request.Headers.ExpectContinue = false;
            return request;
        }

        public static ByteArrayContent JsonContent(byte[] body)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return content;
        }
    }
}
