using System;
using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Api;
using FalStorage.Core.Credentials;
using FalStorage.Core.Transfer;

namespace FalStorage.Core.Uploads
{
    /// <summary>
    /// The one way a command talks to fal Storage: it uploads files and -Content, and initiates uploads for tickets,
    /// with every request sharing the command's throttle, retry policy and monitor. How the bytes go up is the
    /// upload flow's business (<see cref="CdnTokenUpload"/>, <see cref="SignedUrlUpload"/>); reading them back
    /// is <see cref="UploadVerifier"/>'s.
    /// </summary>
    internal sealed class Uploader
    {
        private readonly TransferOptions _options;
        private readonly TransferMonitor _monitor;
        private readonly SignedUrlUpload _signedUrl;
        private readonly CdnTokenUpload _cdnToken;
        private readonly UploadVerifier _verifier;

        public Uploader(FalStorageClient client, TransferOptions options, TransferMonitor monitor)
        {
            _options = options;
            _monitor = monitor;
            var timedClient = client.WithRequestTimeout(options.RequestTimeout);
            var retry = new RetryPolicy(options.MaxRetries);
            var requests = new ThrottledRequests(options.ThrottleLimit, retry, monitor);
            var parts = new MultipartUpload(options, monitor);
            _signedUrl = new SignedUrlUpload(timedClient, options, requests, monitor, parts);
            _cdnToken = new CdnTokenUpload(timedClient, options, requests, monitor, parts);
            _verifier = new UploadVerifier(timedClient, requests, new ThrottledRequests(options.HeadLimit, retry, monitor), monitor);
        }

        /// <summary>Uploads one source. It counts as queued at once (a file was measured when its source was made).</summary>
        public Task<UploadResult> UploadAsync(UploadRequest request, CancellationToken cancellationToken)
        {
            _monitor.FileQueued(request.Source.Length ?? 0);
            if (_options.Verify)
            {
                request.Source.HashWhileSending = true;
            }

            return SendAndVerifyAsync(request, cancellationToken);
        }

        /// <summary>Initiates an upload whose bytes are PUT later to its signed URL (a ticket), by Send-FalAsset -Ticket or any HTTP client.</summary>
        public Task<UploadTarget> InitiateForTicketAsync(string fileName, string contentType, FalLifetime? lifetime, CancellationToken cancellationToken) =>
            _signedUrl.InitiateAsync(fileName, contentType, lifetime, multipart: false, cancellationToken);

        /// <summary>
        /// Whether <paramref name="fileUrl"/> still serves the source's bytes, within the throttles: a HEAD with its length
        /// and an ETag <paramref name="isSameETag"/> accepts, and with -Verify the read-back, whose SHA-256 it returns with
        /// the ETag served. Not served when the CDN serves something else or nothing.
        /// </summary>
        public async Task<(bool Served, string? Sha256, string? ETag)> IsServedAsync(
            UploadRequest request, Uri fileUrl, Func<string?, bool> isSameETag, CancellationToken cancellationToken)
        {
            try
            {
                var head = await _verifier.HeadAsync(request, fileUrl, cancellationToken).ConfigureAwait(false);
                if (head.Length != request.Source.Length || !isSameETag(head.ETag))
                {
                    return (false, null, null);
                }

                var sha256 = _options.Verify ? await _verifier.VerifyAsync(request, fileUrl, cancellationToken, head).ConfigureAwait(false) : null;
                return (true, sha256, head.ETag);
            }
            catch (Exception ex) when (ex is VerificationException || ex is FalApiException)
            {
                return (false, null, null);
            }
        }

        private async Task<UploadResult> SendAndVerifyAsync(UploadRequest request, CancellationToken cancellationToken)
        {
            try
            {
                var fileUrl = await SendAsync(request, cancellationToken).ConfigureAwait(false);

                // The service counts the lifetime from when it stored the object: the moment its last answer came.
                var expiresAt = DateTimeOffset.Now + request.Lifetime?.Duration;
                var sha256 = _options.Verify ? await _verifier.VerifyAsync(request, fileUrl, cancellationToken).ConfigureAwait(false) : null;
                return new UploadResult(fileUrl, request.Source.Length!.Value, sha256, expiresAt);
            }
            finally
            {
                _monitor.FileFinished();
            }
        }

        /// <summary>
        /// Where an upload's flow is chosen. A ticket is a signed URL already. Auto takes the CDN token flow when
        /// the service offers it, except for a name or type its headers cannot carry (a non-ASCII name): that file
        /// goes by signed URL, whose JSON body can, as fal's Python client falls back for it.
        /// </summary>
        private async Task<Uri> SendAsync(UploadRequest request, CancellationToken cancellationToken)
        {
            var flow = request.PresetTarget != null ? FalUploadFlow.SignedUrl : _options.UploadFlow;
            if (flow == FalUploadFlow.Auto)
            {
                flow = CdnTokenUpload.CanCarry(request) && await _cdnToken.IsOfferedAsync(cancellationToken).ConfigureAwait(false) ? FalUploadFlow.CdnToken : FalUploadFlow.SignedUrl;
            }

            return flow == FalUploadFlow.CdnToken
                ? await _cdnToken.SendAsync(request, cancellationToken).ConfigureAwait(false)
                : await _signedUrl.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
