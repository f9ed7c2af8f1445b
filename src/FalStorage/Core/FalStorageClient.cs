using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace FalStorage.Core
{
    /// <summary>Where to PUT a file's bytes, and where they will be served from afterwards.</summary>
    internal sealed class UploadTarget
    {
        public UploadTarget(Uri uploadUrl, Uri fileUrl)
        {
            UploadUrl = uploadUrl;
            FileUrl = fileUrl;
        }

        public Uri UploadUrl { get; }

        public Uri FileUrl { get; }
    }

    /// <summary>The fal Storage API over HTTP: initiate an upload, then PUT the bytes to the signed URL.</summary>
    internal sealed class FalStorageClient : IDisposable
    {
        public const string StorageType = "fal-cdn-v3";
        public const string LifecycleHeader = "X-Fal-Object-Lifecycle";
        public const int DefaultMaxConnections = 64;
        public static readonly TimeSpan DefaultApiTimeout = TimeSpan.FromSeconds(100);

        private const int FileBufferSize = 81920;

        private readonly HttpClient _http;
        private readonly Uri _initiateUrl;

        public FalStorageClient(Uri endpoint, FalCredential credential, HttpClient? http = null)
        {
            Endpoint = endpoint;
            Credential = credential;
            _http = http ?? HttpTransport.Create(DefaultMaxConnections);
            _initiateUrl = new Uri(WithTrailingSlash(endpoint), "storage/upload/initiate?storage_type=" + StorageType);
        }

        public Uri Endpoint { get; }

        public FalCredential Credential { get; }

        /// <summary>How long an API call may take before it counts as hung.</summary>
        public TimeSpan ApiTimeout { get; set; } = DefaultApiTimeout;

        /// <summary>POST /storage/upload/initiate: asks for a signed upload URL for one file.</summary>
        public async Task<UploadTarget> InitiateUploadAsync(string fileName, string contentType, FalLifetime? lifetime, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _initiateUrl);
            request.Headers.TryAddWithoutValidation("Authorization", Credential.AuthorizationHeaderValue);
            if (lifetime?.LifecycleHeaderValue != null)
            {
                request.Headers.TryAddWithoutValidation(LifecycleHeader, lifetime.LifecycleHeaderValue);
            }

            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Content = new ByteArrayContent(Json.SerializeObject(("content_type", contentType), ("file_name", fileName)));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ApiTimeout);
            var (status, body) = await SendAsync(request, FalOperation.Initiate, timeout.Token, cancellationToken).ConfigureAwait(false);

            var document = Json.TryParse(body);
            var uploadUrl = document == null ? null : Json.GetString(document, "upload_url");
            var fileUrl = document == null ? null : Json.GetString(document, "file_url");
            if (!Uri.TryCreate(uploadUrl, UriKind.Absolute, out var upload) || !Uri.TryCreate(fileUrl, UriKind.Absolute, out var file))
            {
                throw new FalTransportException(
                    TransportFailure.UnexpectedResponse,
                    $"{Describe(_initiateUrl)} answered {(int)status} without an upload_url and a file_url: it does not look like the fal Storage API. Check the endpoint.");
            }

            return new UploadTarget(upload, file);
        }

        /// <summary>PUTs a file to a signed upload URL, streamed from disk; returns the number of bytes sent.</summary>
        public async Task<long> UploadFileAsync(Uri uploadUrl, string path, string contentType, CancellationToken cancellationToken)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            var length = file.Length;
            using var request = new HttpRequestMessage(HttpMethod.Put, uploadUrl)
            {
                // The signed URL is the credential: no Authorization header goes to the upload host.
                Content = new StreamContent(file, FileBufferSize),
            };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            request.Content.Headers.ContentLength = length;

            await SendAsync(request, FalOperation.Upload, cancellationToken, cancellationToken).ConfigureAwait(false);
            return length;
        }

        public void Dispose() => _http.Dispose();

        /// <summary>A URL as it may be shown: signed URLs lose their query, which holds the signature.</summary>
        public static string Describe(Uri url) => url.GetLeftPart(UriPartial.Path);

        private async Task<(HttpStatusCode Status, byte[] Body)> SendAsync(
            HttpRequestMessage request, FalOperation operation, CancellationToken requestToken, CancellationToken callerToken)
        {
            var target = Describe(request.RequestUri!);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, requestToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
            {
                throw new FalTransportException(TransportFailure.TimedOut, $"{target} did not answer within {ApiTimeout.TotalSeconds:0} seconds.");
            }
            catch (HttpRequestException ex)
            {
                throw new FalTransportException(TransportFailure.Unreachable, $"Could not reach {target}: {Innermost(ex).Message}", ex);
            }

            using (response)
            {
                var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    var detail = Json.ReadErrorDetail(body);
                    throw new FalApiException(operation, response.StatusCode, detail == null ? null : Credential.Redact(detail), target);
                }

                return (response.StatusCode, body);
            }
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
