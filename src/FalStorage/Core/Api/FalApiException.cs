using System;
using System.Net;
using FalStorage.Core;

namespace FalStorage.Core.Api
{
    /// <summary>The service answered, but not with success.</summary>
    internal sealed class FalApiException : Exception
    {
        /// <param name="detail">The service's own explanation (the "detail" of its JSON error body), when it gave one; it goes into the message.</param>
        /// <param name="requestId">The Platform API's id of the request, which fal's support asks for; it goes into the message.</param>
        public FalApiException(FalOperation operation, HttpStatusCode statusCode, string? detail, TimeSpan? retryAfter, string target, string? requestId = null)
            : base(BuildMessage(operation, statusCode, detail, target, requestId))
        {
            RequestId = requestId;
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

        public string? RequestId { get; }

        /// <summary>The key permission a Platform API request needs (e.g. assets:write); null for the upload API's.</summary>
        public string? Permission => PermissionFor(Operation);

        /// <summary>The Platform API refused the key the permission this request needs (403).</summary>
        public bool MeansPermissionMissing => StatusCode == HttpStatusCode.Forbidden && Permission != null;

        /// <summary>The token route is not there (404, 405, 501): the service offers only the signed-URL flow.</summary>
        public bool MeansTokenNotOffered => IsNoSuchRoute(Operation, StatusCode);

        internal static bool IsNoSuchRoute(FalOperation operation, HttpStatusCode status) =>
            operation == FalOperation.Token && (status == HttpStatusCode.NotFound || status == HttpStatusCode.MethodNotAllowed || status == HttpStatusCode.NotImplemented);

        private static string? PermissionFor(FalOperation operation) => operation switch
        {
            FalOperation.ReadAcl => "assets:read",
            FalOperation.Sign => "assets:read",
            FalOperation.ChangeAcl => "assets:write",
            FalOperation.ReadSettings => "account:settings:read",
            FalOperation.ChangeSettings => "account:settings:write",
            _ => null,
        };

        private static string BuildMessage(FalOperation operation, HttpStatusCode statusCode, string? detail, string target, string? requestId)
        {
            var status = $"{(int)statusCode} {statusCode}";
            var what = operation switch
            {
                FalOperation.Token => "fal Storage refused to issue a CDN upload token",
                FalOperation.Initiate => "fal Storage refused to start the upload",
                FalOperation.Upload => "fal Storage refused the uploaded bytes",
                FalOperation.Part => "fal Storage refused a part of the upload",
                FalOperation.Complete => "fal Storage refused to complete the multipart upload",
                FalOperation.ReadAcl => "fal refused to read the file's ACL",
                FalOperation.ChangeAcl => "fal refused to change the file's ACL",
                FalOperation.Sign => "fal refused to sign a link to the file",
                FalOperation.ReadSettings => "fal refused to read the account's storage settings",
                FalOperation.ChangeSettings => "fal refused to change the account's storage settings",
                FalOperation.Download => "The server refused to serve the file",
                _ => "The CDN refused to serve the uploaded file",
            };
            var message = $"{what} ({status} from {target})";
            message = string.IsNullOrEmpty(detail) ? message + "." : message + ": " + detail;
            if (requestId != null)
            {
                message = Sentence.End(message) + $" Request id {requestId}.";
            }

            var permission = PermissionFor(operation);
            if (statusCode == HttpStatusCode.Forbidden && permission != null)
            {
                message += $" The key needs the '{permission}' permission for this: use a key that has it (fal's dashboard, API keys).";
            }
            else if (statusCode == HttpStatusCode.NotFound && permission != null && operation != FalOperation.ReadSettings && operation != FalOperation.ChangeSettings)
            {
                message += " No file of this key's account has that URL: check the URL (as an upload returned it, without a query), and that the session's key is the owner's.";
            }
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
