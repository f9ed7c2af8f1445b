using System;
using System.Net;
using FalStorage.Core;

namespace FalStorage.Core.Api
{
    /// <summary>The service answered, but not with success.</summary>
    internal sealed class FalApiException : Exception
    {
        /// <param name="detail">The service's own explanation (the "detail" of its JSON error body), when it gave one; it goes into the message.</param>
        public FalApiException(FalOperation operation, HttpStatusCode statusCode, string? detail, TimeSpan? retryAfter, string target)
            : base(BuildMessage(operation, statusCode, detail, target))
        {
            Operation = operation;
            StatusCode = statusCode;
            RetryAfter = retryAfter;
            Detail = detail;
            RefusesLifetime = ((int)statusCode == 400 || (int)statusCode == 422) && detail != null
                && detail.IndexOf(ObjectLifecycle.Field, StringComparison.OrdinalIgnoreCase) >= 0;
        }

        public FalOperation Operation { get; }

        public HttpStatusCode StatusCode { get; }

        /// <summary>How long the service asked the client to wait (Retry-After), when it said.</summary>
        public TimeSpan? RetryAfter { get; }

        /// <summary>The service refused the lifetime the upload asked for (X-Fal-Object-Lifecycle): the same for every file.</summary>
        public bool RefusesLifetime { get; }

        /// <summary>The service's own explanation, as it is in the message.</summary>
        public string? Detail { get; }

        /// <summary>The token route is not there (404, 405, 501): the service offers only the signed-URL flow.</summary>
        public bool MeansTokenNotOffered => IsNoSuchRoute(Operation, StatusCode);

        internal static bool IsNoSuchRoute(FalOperation operation, HttpStatusCode status) =>
            operation == FalOperation.Token && (status == HttpStatusCode.NotFound || status == HttpStatusCode.MethodNotAllowed || status == HttpStatusCode.NotImplemented);

        private static string BuildMessage(FalOperation operation, HttpStatusCode statusCode, string? detail, string target)
        {
            var status = $"{(int)statusCode} {statusCode}";
            var what = operation switch
            {
                FalOperation.Token => "fal Storage refused to issue a CDN upload token",
                FalOperation.Initiate => "fal Storage refused to start the upload",
                FalOperation.Upload => "fal Storage refused the uploaded bytes",
                FalOperation.Part => "fal Storage refused a part of the upload",
                FalOperation.Complete => "fal Storage refused to complete the multipart upload",
                FalOperation.Download => "The server refused to serve the file",
                _ => "The CDN refused to serve the uploaded file",
            };
            var message = $"{what} ({status} from {target})";
            message = string.IsNullOrEmpty(detail) ? message + "." : message + ": " + detail;
            if (statusCode == HttpStatusCode.Unauthorized)
            {
                message = Sentence.End(message) + " Check the key (Connect-FalStorage -Key, or the FAL_KEY environment variable), and that -Endpoint is the service the key belongs to.";
            }

            return IsNoSuchRoute(operation, statusCode)
                ? Sentence.End(message) + " It does not offer the CDN token upload: use -UploadFlow Auto or SignedUrl."
                : message;
        }
    }
}
