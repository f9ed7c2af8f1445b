using System;
using System.Management.Automation;
using FalStorage.Core.Api;
using FalStorage.Core.Downloads;
using FalStorage.Core.Http;
using FalStorage.Core.Uploads;

namespace FalStorage.Commands
{
    /// <summary>
    /// Save-FalAsset's failures as error records: each is the one URL's, and the other files go on (a result may point
    /// at any host, so one host that is down or refuses is no reason to stop).
    /// </summary>
    internal static class DownloadErrors
    {
        /// <summary>
        /// A failure of the one URL however the command reports it elsewhere: a host that does not answer, a stall, an
        /// answer that is not what was asked, other bytes than the asset's. Any other host or URL may do better.
        /// </summary>
        public static bool IsTheUrls(Exception exception) => exception is FalTransportException || exception is VerificationException;

        /// <summary>The record for a download's own failure; null for any other (see <see cref="IsTheUrls"/>).</summary>
        public static ErrorRecord? ToErrorRecord(Exception exception, object target)
        {
            switch (exception)
            {
                case DestinationExistsException _:
                    return new ErrorRecord(exception, ErrorIds.DestinationExists, ErrorCategory.ResourceExists, target);
                case DestinationWriteException _:
                    return new ErrorRecord(exception, ErrorIds.DestinationWriteFailed, ErrorCategory.WriteError, target);
                case CredentialsWithheldException _:
                    return new ErrorRecord(exception, ErrorIds.CredentialsNotSent, ErrorCategory.PermissionDenied, target);
                case ContentChangedException _:
                    return new ErrorRecord(exception, ErrorIds.ContentChanged, ErrorCategory.InvalidResult, target);
                case FalApiException api when api.Operation == FalOperation.Download:
                    return FromRefusal(api, target);
                default:
                    return null;
            }
        }

        private static ErrorRecord FromRefusal(FalApiException api, object target)
        {
            var status = (int)api.StatusCode;
            var (id, category, advice) =
                status == 404 || status == 410 ? (ErrorIds.UrlNotFound, ErrorCategory.ObjectNotFound, "Check the URL; a file on fal's CDN may have expired (its lifetime), or be hidden from you.") :
                status == 401 || status == 403 ? (ErrorIds.UrlForbidden, ErrorCategory.PermissionDenied, "The file is not public, and not readable with what this run may send (the session's CDN token, to the session's CDN only): if it is another account's file, ask its owner for a signed link; if it is yours, save it with a session of your key (Connect-FalStorage, or FAL_KEY).") :
                status == 429 ? (ErrorIds.RateLimited, ErrorCategory.LimitsExceeded, "Try again later, or with a lower -ThrottleLimit.") :
                (ErrorIds.ServiceError, status >= 500 ? ErrorCategory.ResourceUnavailable : ErrorCategory.InvalidResult, (string?)null);
            var record = new ErrorRecord(api, id, category, target);
            if (advice != null)
            {
                record.ErrorDetails = new ErrorDetails(api.Message + " " + advice);
            }

            return record;
        }
    }
}
