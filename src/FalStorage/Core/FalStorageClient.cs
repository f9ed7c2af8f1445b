using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace FalStorage.Core
{
    /// <summary>
    /// The fal Storage API over HTTP: initiate an upload, PUT the bytes to the signed URL (whole,
    /// or in parts then complete), and read back what the CDN serves. One call, one HTTP request:
    /// retries and concurrency belong to <see cref="ThrottledRequests"/>.
    /// </summary>
    internal sealed class FalStorageClient
    {
        public const string StorageType = "fal-cdn-v3";
        public const int DefaultMaxConnections = 64;
        public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(100);

        // One per session, shared by the clients WithRequestTimeout makes, and never disposed: a session outlives
        // Disconnect-FalStorage in any variable or ticket that holds it, so its connections go when it is collected.
        private readonly HttpClient _http;
        private readonly EndpointContact _contact;
        private readonly Uri _initiateUrl;
        private readonly Uri _initiateMultipartUrl;

        public FalStorageClient(Uri endpoint, FalCredential credential)
        {
            Endpoint = endpoint;
            Credential = credential;
            _http = HttpClientFactory.Create(DefaultMaxConnections);
            _contact = new EndpointContact();
            var root = WithTrailingSlash(endpoint);
            _initiateUrl = new Uri(root, "storage/upload/initiate?storage_type=" + StorageType);
            _initiateMultipartUrl = new Uri(root, "storage/upload/initiate-multipart?storage_type=" + StorageType);
        }

        private FalStorageClient(FalStorageClient other, TimeSpan requestTimeout)
        {
            Endpoint = other.Endpoint;
            Credential = other.Credential;
            _http = other._http;
            _contact = other._contact;
            _initiateUrl = other._initiateUrl;
            _initiateMultipartUrl = other._initiateMultipartUrl;
            RequestTimeout = requestTimeout;
        }

        public Uri Endpoint { get; }

        public FalCredential Credential { get; }

        /// <summary>How long a request may go without progress before it counts as hung.</summary>
        public TimeSpan RequestTimeout { get; } = DefaultRequestTimeout;

        /// <summary>The same client (same connections) with another timeout, for one command's -TimeoutSec.</summary>
        public FalStorageClient WithRequestTimeout(TimeSpan requestTimeout) => new FalStorageClient(this, requestTimeout);

        /// <summary>POST /storage/upload/initiate (or initiate-multipart): a signed upload URL for one file.</summary>
        public async Task<UploadTarget> InitiateUploadAsync(
            string fileName, string contentType, FalLifetime? lifetime, bool multipart, CancellationToken cancellationToken)
        {
            var url = multipart ? _initiateMultipartUrl : _initiateUrl;
            var body = Json.SerializeObject(("content_type", contentType), ("file_name", fileName));
            var response = await SendAsync(
                _ =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent(body) };
                    request.Headers.TryAddWithoutValidation("Authorization", Credential.AuthorizationHeaderValue);
                    var lifecycle = LifecycleHeader.ValueFor(lifetime);
                    if (lifecycle != null)
                    {
                        request.Headers.TryAddWithoutValidation(LifecycleHeader.Name, lifecycle);
                    }

                    return request;
                },
                FalOperation.Initiate,
                cancellationToken).ConfigureAwait(false);
            var document = Json.TryParse(response.Body);
            var uploadUrl = document == null ? null : Json.GetString(document, "upload_url");
            var fileUrl = document == null ? null : Json.GetString(document, "file_url");
            if (!Uri.TryCreate(uploadUrl, UriKind.Absolute, out var upload) || !Uri.TryCreate(fileUrl, UriKind.Absolute, out var file))
            {
                throw new FalTransportException(
                    TransportFailure.UnexpectedResponse,
                    $"{SafeUrl.Describe(url)} answered {(int)response.Status} without an upload_url and a file_url: it does not look like the fal Storage API. Check the endpoint.");
            }

            return new UploadTarget(upload, file);
        }

        /// <summary>PUTs a whole file to a signed upload URL, streamed from disk.</summary>
        public Task UploadAsync(Uri uploadUrl, FileSlice file, string contentType, Action<long> bytesSent, CancellationToken cancellationToken) =>
            SendAsync(
                stall =>
                {
                    // The signed URL is the credential: no Authorization header goes to the upload host.
                    var content = new FileSliceContent(file, stall, bytesSent);
                    content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                    return new HttpRequestMessage(HttpMethod.Put, uploadUrl) { Content = content };
                },
                FalOperation.Upload,
                cancellationToken);

        /// <summary>PUT {upload path}/{N}{upload query}: one part of a multipart upload; returns its ETag.</summary>
        public async Task<string> UploadPartAsync(Uri uploadUrl, int partNumber, FileSlice part, Action<long> bytesSent, CancellationToken cancellationToken)
        {
            var url = MultipartUrl(uploadUrl, partNumber.ToString(CultureInfo.InvariantCulture));
            var response = await SendAsync(
                stall => new HttpRequestMessage(HttpMethod.Put, url) { Content = new FileSliceContent(part, stall, bytesSent) },
                FalOperation.Part,
                cancellationToken).ConfigureAwait(false);

            // fal's JavaScript client reads the ETag from the JSON body, its Python toolkit from the header.
            var document = Json.TryParse(response.Body);
            var etag = (document == null ? null : Json.GetString(document, "etag")) ?? response.ETag;
            if (string.IsNullOrEmpty(etag))
            {
                throw new FalTransportException(TransportFailure.UnexpectedResponse, $"{SafeUrl.Describe(url)} accepted part {partNumber} without an ETag.");
            }

            return etag!;
        }

        /// <summary>POST {upload path}/complete{upload query}: assembles the parts into the file.</summary>
        public async Task CompleteMultipartUploadAsync(Uri uploadUrl, IEnumerable<KeyValuePair<int, string>> partETags, CancellationToken cancellationToken)
        {
            var body = Json.Serialize(Json.Object(
                "root",
                Json.Array("parts", partETags.OrderBy(p => p.Key).Select(p => Json.Object("item", Json.Number("partNumber", p.Key), Json.String("etag", p.Value))))));
            var url = MultipartUrl(uploadUrl, "complete");
            await SendAsync(_ => new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent(body) }, FalOperation.Complete, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>HEAD on the CDN URL: the length it serves.</summary>
        public async Task<long?> GetServedLengthAsync(Uri fileUrl, CancellationToken cancellationToken)
        {
            var response = await SendAsync(_ => new HttpRequestMessage(HttpMethod.Head, fileUrl), FalOperation.Verify, cancellationToken).ConfigureAwait(false);
            return response.ContentLength;
        }

        /// <summary>GET on the CDN URL, hashed as it streams in: the SHA-256 of what is served.</summary>
        public async Task<string> HashServedContentAsync(Uri fileUrl, Action<long> bytesRead, CancellationToken cancellationToken)
        {
            using var stall = new StallTimeout(RequestTimeout, cancellationToken);
            try
            {
                using var response = await _http.GetAsync(fileUrl, HttpCompletionOption.ResponseHeadersRead, stall.Token).ConfigureAwait(false);
                _contact.Answered();
                if (!response.IsSuccessStatusCode)
                {
                    throw new FalApiException(FalOperation.Verify, response.StatusCode, null, null, SafeUrl.Describe(fileUrl));
                }

                using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                return await StreamHash.Sha256Async(body, Progress(stall, bytesRead), stall.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is FalApiException))
            {
                throw TranslateFailure(ex, SafeUrl.Describe(fileUrl), stall, cancellationToken);
            }
        }

        /// <summary>fal's clients address parts and completion below the upload URL's path, keeping its query.</summary>
        private static Uri MultipartUrl(Uri uploadUrl, string segment) =>
            new UriBuilder(uploadUrl) { Path = uploadUrl.AbsolutePath.TrimEnd('/') + "/" + segment }.Uri;

        /// <summary>Bytes going out or coming in count as progress for the stall timeout as well as for the caller.</summary>
        private static Action<long> Progress(StallTimeout stall, Action<long> bytesMoved) => count =>
        {
            stall.Touch();
            bytesMoved(count);
        };

        /// <summary>Sends one request, built against its own stall timeout, and reads the whole answer.</summary>
        private async Task<ApiResponse> SendAsync(Func<StallTimeout, HttpRequestMessage> buildRequest, FalOperation operation, CancellationToken cancellationToken)
        {
            using var stall = new StallTimeout(RequestTimeout, cancellationToken);
            using var request = buildRequest(stall);
            var target = SafeUrl.Describe(request.RequestUri!);
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, stall.Token).ConfigureAwait(false);
                _contact.Answered();
                var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    var detail = Json.ReadErrorDetail(body);
                    throw new FalApiException(operation, response.StatusCode, detail == null ? null : Credential.Redact(detail), RetryAfter(response), target);
                }

                return new ApiResponse(response.StatusCode, body, response.Headers.ETag?.Tag, response.Content.Headers.ContentLength);
            }
            catch (Exception ex) when (!(ex is FalApiException))
            {
                throw TranslateFailure(ex, target, stall, cancellationToken);
            }
        }

        /// <summary>Turns what HttpClient throws into what the module reports: file trouble, a stall, or no connection.</summary>
        private Exception TranslateFailure(Exception exception, string target, StallTimeout stall, CancellationToken cancellationToken)
        {
            for (var inner = exception; inner != null; inner = inner.InnerException)
            {
                if (inner is SourceFileException sourceFile)
                {
                    return sourceFile;
                }
            }

            if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                return exception;
            }

            if (exception is OperationCanceledException)
            {
                return new FalTransportException(TransportFailure.TimedOut, $"{target} made no progress for {stall.Timeout.TotalSeconds:0.#} seconds.", exception);
            }

            if (exception is HttpRequestException || exception is IOException)
            {
                var reason = $"Could not reach {target}: {Sentence.End(Innermost(exception).Message)}";
                return !_contact.HasAnswered && IsRefusedOrUnresolved(exception)
                    ? new FalTransportException(
                        TransportFailure.NeverReached,
                        reason + " Nothing there has ever answered, so this is not retried: check -Endpoint (or FAL_REST_HOST), that the service is running, and any proxy (HTTPS_PROXY).",
                        exception)
                    : new FalTransportException(TransportFailure.Unreachable, reason, exception);
            }

            return exception;
        }

        /// <summary>A refused connection or a host name that does not exist; not a reset, a stall or a DNS server that did not answer.</summary>
        private static bool IsRefusedOrUnresolved(Exception exception)
        {
            for (var inner = exception; inner != null; inner = inner.InnerException)
            {
                switch (inner)
                {
                    case SocketException socket when socket.SocketErrorCode == SocketError.ConnectionRefused || socket.SocketErrorCode == SocketError.HostNotFound || socket.SocketErrorCode == SocketError.NoData:
                        return true;

                    // .NET Framework (Windows PowerShell) reports a name that does not resolve without a SocketException.
                    case WebException web when web.Status == WebExceptionStatus.NameResolutionFailure || web.Status == WebExceptionStatus.ProxyNameResolutionFailure:
                        return true;
                }
            }

            return false;
        }

        private static TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header?.Delta != null)
            {
                return header.Delta;
            }

            return header?.Date != null ? header.Date.Value - DateTimeOffset.UtcNow : (TimeSpan?)null;
        }

        private static ByteArrayContent JsonContent(byte[] body)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return content;
        }

        private static Exception Innermost(Exception exception)
        {
            while (exception.InnerException != null)
            {
                exception = exception.InnerException;
            }

            return exception;
        }

        private static Uri WithTrailingSlash(Uri uri) =>
            uri.AbsolutePath.EndsWith("/", StringComparison.Ordinal) ? uri : new Uri(uri.AbsoluteUri + "/");
    }
}
