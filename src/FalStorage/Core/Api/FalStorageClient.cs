using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using FalStorage.Core;
using FalStorage.Core.Credentials;
using FalStorage.Core.Http;
using FalStorage.Core.Sources;
using FalStorage.Core.Transfer;

namespace FalStorage.Core.Api
{
    /// <summary>
    /// The fal Storage API over HTTP: initiate an upload, PUT the bytes to the signed URL (whole,
    /// or in parts then complete); or get a CDN token and send the bytes straight to the CDN under it;
    /// and read back what the CDN serves. One call, one HTTP request: retries and concurrency belong to
    /// <see cref="ThrottledRequests"/>, the token's reuse to <see cref="CdnTokenCache"/>.
    /// </summary>
    internal sealed class FalStorageClient
    {
        public const string StorageType = "fal-cdn-v3";
        public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(100);

        /// <summary>The header that names the file in the token flow.</summary>
        public const string FileNameHeader = "X-Fal-File-Name";

        private readonly Uri _initiateUrl;
        private readonly Uri _initiateMultipartUrl;
        private readonly Uri _tokenUrl;

        public FalStorageClient(Uri endpoint, FalCredential credential)
            : this(endpoint, credential, bottomHandler: null)
        {
        }

        /// <param name="bottomHandler">For tests: sees each request just before the socket handler sends it.</param>
        internal FalStorageClient(Uri endpoint, FalCredential credential, DelegatingHandler? bottomHandler)
        {
            Endpoint = endpoint;
            Credential = credential;
            Http = new SessionHttp(bottomHandler);
            CdnTokens = new CdnTokenCache();
            var root = WithTrailingSlash(endpoint);
            _initiateUrl = new Uri(root, "storage/upload/initiate?storage_type=" + StorageType);
            _initiateMultipartUrl = new Uri(root, "storage/upload/initiate-multipart?storage_type=" + StorageType);
            _tokenUrl = new Uri(root, "storage/auth/token?storage_type=" + StorageType);
        }

        private FalStorageClient(FalStorageClient other, TimeSpan requestTimeout)
        {
            Endpoint = other.Endpoint;
            Credential = other.Credential;
            Http = other.Http;
            _initiateUrl = other._initiateUrl;
            _initiateMultipartUrl = other._initiateMultipartUrl;
            _tokenUrl = other._tokenUrl;
            CdnTokens = other.CdnTokens;
            RequestTimeout = requestTimeout;
        }

        public Uri Endpoint { get; }

        public FalCredential Credential { get; }

        /// <summary>The session's HTTP, shared by the clients WithRequestTimeout makes and by the session's other clients.</summary>
        public SessionHttp Http { get; }

        /// <summary>The session's CDN token, shared by every command using the session.</summary>
        public CdnTokenCache CdnTokens { get; }

        /// <summary>How long a request may go without progress before it counts as hung.</summary>
        public TimeSpan RequestTimeout { get; } = DefaultRequestTimeout;

        /// <summary>The same client (same connections) with another timeout, for one command's -TimeoutSec.</summary>
        public FalStorageClient WithRequestTimeout(TimeSpan requestTimeout) => new FalStorageClient(this, requestTimeout);

        /// <summary>POST /storage/upload/initiate (or initiate-multipart): a signed upload URL for one file, with its lifetime and ACL if asked for.</summary>
        public async Task<UploadTarget> InitiateUploadAsync(
            string fileName, string contentType, FalLifetime? lifetime, FalAcl? acl, bool multipart, CancellationToken cancellationToken)
        {
            var url = multipart ? _initiateMultipartUrl : _initiateUrl;
            var body = Json.SerializeObject(("content_type", contentType), ("file_name", fileName));
            var response = await SendAsync(
                _ =>
                {
                    var request = NewRequest(HttpMethod.Post, url, JsonContent(body));
                    Credential.Authorize(request);
                    AddLifecycle(request, lifetime, acl);
                    return request;
                },
                FalOperation.Initiate,
                cancellationToken).ConfigureAwait(false);
            var document = Json.TryParse(response.Body);
            var upload = ReadUrl(document, "upload_url");
            var file = ReadUrl(document, "file_url");
            return upload != null && file != null ? new UploadTarget(upload, file) : throw NotTheApi(url, (int)response.Status, "without an upload_url and a file_url");
        }

        /// <summary>POST /storage/auth/token: a CDN token for this key, and the CDN host it is for.</summary>
        public async Task<CdnTokenLease> GetCdnTokenAsync(CancellationToken cancellationToken)
        {
            var response = await SendAsync(
                _ =>
                {
                    var request = NewRequest(HttpMethod.Post, _tokenUrl, JsonContent(Json.SerializeObject()));
                    Credential.Authorize(request);
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    return request;
                },
                FalOperation.Token,
                cancellationToken).ConfigureAwait(false);
            var document = Json.TryParse(response.Body);
            var token = document == null ? null : Json.GetString(document, "token");
            var scheme = (document == null ? null : Json.GetString(document, "token_type")) ?? "Bearer";
            var baseUrl = ReadUrl(document, "base_url");
            var expiresAt = document == null ? null : Json.GetString(document, "expires_at");

            // The token goes in a header: one that a header cannot carry is no token.
            if (!IsHeaderSafe(token) || !IsHeaderSafe(scheme) || baseUrl == null ||
                !DateTimeOffset.TryParse(expiresAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires))
            {
                throw NotTheApi(_tokenUrl, (int)response.Status, "without a token, its base_url and expires_at");
            }

            return new CdnTokenLease(token!, scheme, baseUrl, expires, DateTimeOffset.UtcNow);
        }

        /// <summary>
        /// POST {base_url}/files/upload: the whole file in one request under the CDN token; returns its access_url.
        /// <paramref name="hashed"/>, if given, hears the SHA-256 of what was sent.
        /// </summary>
        public async Task<Uri> UploadWithTokenAsync(
            CdnTokenLease token, UploadSlice file, UploadRequest upload, Action<long> bytesSent, Action<string>? hashed, CancellationToken cancellationToken)
        {
            var url = new Uri(WithTrailingSlash(token.BaseUrl), "files/upload");
            var response = await SendAsync(
                stall => TokenUploadRequest(url, new SliceBody(file, stall, bytesSent, hashed), upload),
                FalOperation.Upload,
                cancellationToken,
                token).ConfigureAwait(false);
            return ReadUrl(Json.TryParse(response.Body), "access_url") ?? throw NotTheApi(url, (int)response.Status, "without an access_url");
        }

        /// <summary>POST {base_url}/files/upload/multipart: starts an upload in parts under the CDN token; its parts go below
        /// {access_url}/multipart/{uploadId}, and the file is served at access_url.</summary>
        public async Task<UploadTarget> StartTokenMultipartAsync(CdnTokenLease token, UploadRequest upload, CancellationToken cancellationToken)
        {
            var url = new Uri(WithTrailingSlash(token.BaseUrl), "files/upload/multipart");
            var response = await SendAsync(_ => TokenUploadRequest(url, new ByteArrayContent(Array.Empty<byte>()), upload), FalOperation.Initiate, cancellationToken, token).ConfigureAwait(false);
            var document = Json.TryParse(response.Body);
            var accessUrl = ReadUrl(document, "access_url");
            var uploadId = document == null ? null : Json.GetString(document, "uploadId");
            return accessUrl != null && !string.IsNullOrEmpty(uploadId)
                ? new UploadTarget(new Uri(accessUrl.AbsoluteUri + "/multipart/" + Uri.EscapeDataString(uploadId)), accessUrl)
                : throw NotTheApi(url, (int)response.Status, "without an access_url and an uploadId");
        }

        /// <summary>Whether a value can go in an HTTP header as it is: printable ASCII (the token flow sends file names in one).</summary>
        public static bool IsHeaderSafe(string? value) => value != null && value.Length > 0 && value.All(c => c >= ' ' && c <= '~');

        /// <summary>PUTs a whole file to a signed upload URL, streamed from its source; <paramref name="hashed"/>, if given, hears the SHA-256 of what was sent.</summary>
        public Task UploadAsync(Uri uploadUrl, UploadSlice file, string contentType, Action<long> bytesSent, Action<string>? hashed, CancellationToken cancellationToken) =>
            SendAsync(
                stall =>
                {
                    // The signed URL is the credential: no Authorization header goes to the upload host.
                    var content = new SliceBody(file, stall, bytesSent, hashed);
                    content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                    return NewRequest(HttpMethod.Put, uploadUrl, content);
                },
                FalOperation.Upload,
                cancellationToken);

        /// <summary>PUT {upload path}/{N}{upload query}: one part of a multipart upload (under the CDN token, if given); returns its ETag.</summary>
        public async Task<string> UploadPartAsync(Uri uploadUrl, int partNumber, UploadSlice part, Action<long> bytesSent, CancellationToken cancellationToken, CdnTokenLease? token = null)
        {
            var url = MultipartUrl(uploadUrl, partNumber.ToString(CultureInfo.InvariantCulture));
            var response = await SendAsync(
                stall =>
                {
                    var request = NewRequest(HttpMethod.Put, url, new SliceBody(part, stall, bytesSent));

                    // As fal's Python client sends its parts: the ETag must come back as the CDN made it.
                    request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
                    return request;
                },
                FalOperation.Part,
                cancellationToken,
                token).ConfigureAwait(false);

            // fal's JavaScript client reads the ETag from the JSON body, its Python toolkit from the header.
            var document = Json.TryParse(response.Body);
            var etag = (document == null ? null : Json.GetString(document, "etag")) ?? response.ETag;
            if (string.IsNullOrEmpty(etag))
            {
                throw new FalTransportException(TransportFailure.UnexpectedResponse, $"{SafeUrl.Describe(url)} accepted part {partNumber} without an ETag.");
            }

            return etag!;
        }

        /// <summary>POST {upload path}/complete{upload query}: assembles the parts into the file (under the CDN token, if given).</summary>
        public async Task CompleteMultipartUploadAsync(Uri uploadUrl, IEnumerable<KeyValuePair<int, string>> partETags, CancellationToken cancellationToken, CdnTokenLease? token = null)
        {
            var body = Json.Serialize(Json.Object(
                "root",
                Json.Array("parts", partETags.OrderBy(p => p.Key).Select(p => Json.Object("item", Json.Number("partNumber", p.Key), Json.String("etag", p.Value))))));
            var url = MultipartUrl(uploadUrl, "complete");
            await SendAsync(_ => NewRequest(HttpMethod.Post, url, JsonContent(body)), FalOperation.Complete, cancellationToken, token).ConfigureAwait(false);
        }

        /// <summary>HEAD on the CDN URL (as the token's user, if given): the length and ETag it serves.</summary>
        public async Task<ServedHead> GetServedHeadAsync(Uri fileUrl, CdnTokenLease? token, CancellationToken cancellationToken)
        {
            var response = await SendAsync(_ => NewRequest(HttpMethod.Head, fileUrl), FalOperation.Verify, cancellationToken, token).ConfigureAwait(false);
            return new ServedHead(response.ContentLength, response.ETag);
        }

        /// <summary>GET on the CDN URL (as the token's user, if given), hashed as it streams in: the SHA-256 of what is served.</summary>
        public Task<string> HashServedContentAsync(Uri fileUrl, CdnTokenLease? token, Action<long> bytesRead, CancellationToken cancellationToken) =>
            Http.ReceiveAsync(
                WithToken(NewRequest(HttpMethod.Get, fileUrl), token),
                response => new FalApiException(FalOperation.Verify, response.StatusCode, null, null, SafeUrl.Describe(fileUrl)),
                (_, body, stall) => StreamHash.Sha256Async(body, Progress(stall, bytesRead), stall.Token),
                RequestTimeout,
                cancellationToken);

        /// <summary>fal's clients address parts and completion below the upload URL's path, keeping its query.</summary>
        private static Uri MultipartUrl(Uri uploadUrl, string segment) =>
            new UriBuilder(uploadUrl) { Path = uploadUrl.AbsolutePath.TrimEnd('/') + "/" + segment }.Uri;

        /// <summary>Bytes going out or coming in count as progress for the stall timeout as well as for the caller.</summary>
        private static Action<long> Progress(StallTimeout stall, Action<long> bytesMoved) => count =>
        {
            stall.Touch();
            bytesMoved(count);
        };

        /// <summary>Sends one request, built against its own stall timeout (and with the CDN token, if given), and reads the whole answer.</summary>
        private Task<ApiResponse> SendAsync(Func<StallTimeout, HttpRequestMessage> buildRequest, FalOperation operation, CancellationToken cancellationToken, CdnTokenLease? token = null) =>
            Http.SendAsync(
                stall => WithToken(buildRequest(stall), token),
                (response, body) => Refusal(operation, response, body, token),
                RequestTimeout,
                cancellationToken);

        /// <summary>What an error answer means: a service that is not fal Storage, or the API's refusal with its detail.</summary>
        private Exception Refusal(FalOperation operation, HttpResponseMessage response, byte[] body, CdnTokenLease? token)
        {
            var url = response.RequestMessage!.RequestUri!;
            if (IsNotTheApi(operation, response.StatusCode, body))
            {
                return NotTheApi(url, (int)response.StatusCode, Json.TryParse(body) == null ? "with a body that is not JSON" : "(no such route)");
            }

            var detail = Json.ReadErrorDetail(body);
            return new FalApiException(operation, response.StatusCode, detail == null ? null : Redact(detail, token), RetryAfter(response), SafeUrl.Describe(url));
        }

        private static HttpRequestMessage WithToken(HttpRequestMessage request, CdnTokenLease? token)
        {
            token?.Authorize(request);
            return request;
        }

        /// <summary>A service's message without the key, nor the CDN token the request carried, should it quote them.</summary>
        private string Redact(string text, CdnTokenLease? token) => Credential.Redact(token == null ? text : token.Redact(text));

        /// <summary>A request of the token flow about one file: its type, name and lifetime go in headers, as fal's Python client sends them.</summary>
        private static HttpRequestMessage TokenUploadRequest(Uri url, HttpContent content, UploadRequest upload)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", upload.ContentType);
            var request = NewRequest(HttpMethod.Post, url, content);
            request.Headers.TryAddWithoutValidation(FileNameHeader, upload.FileName);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            AddLifecycle(request, upload.Lifetime, upload.Acl);
            return request;
        }

        /// <summary>The lifetime and ACL asked for, under both names fal documents (fal's Python client sends both); nothing when neither was asked for.</summary>
        private static void AddLifecycle(HttpRequestMessage request, FalLifetime? lifetime, FalAcl? acl)
        {
            var lifecycle = ObjectLifecycle.ValueFor(lifetime, acl);
            if (lifecycle != null)
            {
                request.Headers.TryAddWithoutValidation(ObjectLifecycle.Name, lifecycle);
                request.Headers.TryAddWithoutValidation(ObjectLifecycle.PreferenceName, lifecycle);
            }
        }

        private static HttpRequestMessage NewRequest(HttpMethod method, Uri url, HttpContent? content = null) => SessionHttp.NewRequest(method, url, content);

        /// <summary>An absolute http(s) URL from a JSON answer, or null.</summary>
        private static Uri? ReadUrl(XElement? document, string property) =>
            document != null && Uri.TryCreate(Json.GetString(document, property), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
                ? url
                : null;

        /// <summary>
        /// An error answer from the API's own routes that fal Storage never gives: its initiate routes missing, or a
        /// body that is not JSON where a proxy's passing failure (408, 429, 500, 502-504) is not the reason. The token
        /// route's 404, 405 or 501 is not one: a service may simply not offer it (<see cref="FalApiException.MeansTokenNotOffered"/>).
        /// </summary>
        private static bool IsNotTheApi(FalOperation operation, HttpStatusCode status, byte[] body)
        {
            if (operation != FalOperation.Initiate && operation != FalOperation.Token)
            {
                return false;
            }

            var code = (int)status;
            if (operation == FalOperation.Initiate && (code == 404 || code == 405 || code == 501))
            {
                return true;
            }

            var passing = code == 408 || code == 429 || code == 500 || (code >= 502 && code <= 504);
            return !passing && !FalApiException.IsNoSuchRoute(operation, status) && Json.TryParse(body) == null;
        }

        private static FalTransportException NotTheApi(Uri url, int status, string how) =>
            new FalTransportException(
                TransportFailure.UnexpectedResponse,
                $"{SafeUrl.Describe(url)} answered {status} {how}: this does not look like the fal Storage API. Check -Endpoint (or FAL_REST_HOST): it is the service's root, such as {CredentialResolver.DefaultEndpoint}, or the local emulator's, such as http://127.0.0.1:8787.");

        /// <summary>How long an answer asks the client to wait (Retry-After, as seconds or a date), when it says.</summary>
        internal static TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header?.Delta != null)
            {
                return header.Delta;
            }

            return header?.Date != null ? header.Date.Value - DateTimeOffset.UtcNow : (TimeSpan?)null;
        }

        private static ByteArrayContent JsonContent(byte[] body) => SessionHttp.JsonContent(body);

        private static Uri WithTrailingSlash(Uri uri) =>
            uri.AbsolutePath.EndsWith("/", StringComparison.Ordinal) ? uri : new Uri(uri.AbsoluteUri + "/");
    }
}
