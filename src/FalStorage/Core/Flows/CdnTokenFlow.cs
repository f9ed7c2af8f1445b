using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Api;
using FalStorage.Core.Credentials;
using FalStorage.Core.Transfer;

namespace FalStorage.Core.Flows
{
    /// <summary>
    /// fal's CDN token upload (fal's Python client's path): with the session's token, each file goes to the CDN in one
    /// request, or a large one in parts in parallel then complete. A token the service refuses (401) is replaced by a
    /// new one once per request; a service without the token route says so on the first file, for the session.
    /// </summary>
    internal sealed class CdnTokenFlow : IUploadFlow
    {
        private readonly CommandTransfer _transfer;
        private readonly FalStorageClient _client;
        private readonly TransferOptions _options;
        private readonly ThrottledRequests _requests;
        private readonly TransferMonitor _monitor;
        private readonly MultipartUpload _parts;

        public CdnTokenFlow(CommandTransfer transfer, MultipartUpload parts)
        {
            _transfer = transfer;
            _client = transfer.Client;
            _options = transfer.Options;
            _requests = transfer.Requests;
            _monitor = transfer.Monitor;
            _parts = parts;
        }

        /// <summary>
        /// Whether the session's service offers the token flow: the first call asks it for a token (one probe per
        /// session, shared with every request waiting for the token), later ones know. A service without the route
        /// (404, 405, 501) is reported once.
        /// </summary>
        public async Task<bool> IsOfferedAsync(CancellationToken cancellationToken)
        {
            if (_client.CdnTokens.NotOffered != null)
            {
                return false;
            }

            var token = await _client.CdnTokens.GetAsync(FetchTokenAsync, cancellationToken).ConfigureAwait(false);
            return token != null;
        }

        /// <summary>Whether the file's name and type can go in the headers that carry them here (printable ASCII).</summary>
        public static bool CanCarry(UploadRequest request) => FalStorageClient.IsHeaderSafe(request.FileName) && FalStorageClient.IsHeaderSafe(request.ContentType);

        /// <summary>Sends the file under the session's token and returns where the CDN serves it.</summary>
        public async Task<SentUpload> SendAsync(UploadRequest request, CancellationToken cancellationToken)
        {
            if (!CanCarry(request))
            {
                throw new UnsendableNameException(
                    $"The CDN token upload sends the file name and content type in HTTP headers, which carry printable ASCII only: '{request.FileName}' ({request.ContentType}) cannot go that way. Upload it with -UploadFlow Auto or SignedUrl (its name then goes in a JSON body), or give an ASCII -FileName.");
            }

            if (!_options.IsMultipart(request.Source))
            {
                var file = request.Source.Whole();
                string? sha256 = null;
                var fileUrl = await WithTokenAsync(
                    $"POST '{request.FileName}'",
                    (token, bytesSent, attempt) => _client.UploadWithTokenAsync(
                        token, file, request, bytesSent, request.HashWhileSending ? hash => sha256 = hash : null, attempt),
                    cancellationToken).ConfigureAwait(false);
                _monitor.AddBytesTaken(file.Length);
                return new SentUpload(fileUrl, file.Length, sha256);
            }

            var target = await WithTokenAsync(
                $"Starting the upload of '{request.FileName}' in parts",
                (token, _, attempt) => _client.StartTokenMultipartAsync(token, request, attempt),
                cancellationToken).ConfigureAwait(false);
            return await _parts.SendAsync(
                request,
                target.FileUrl,
                (description, partNumber, part, token) => WithTokenAsync(
                    description, (cdnToken, bytesSent, attempt) => _client.UploadPartAsync(target.UploadUrl, partNumber, part, bytesSent, attempt, cdnToken), token),
                (description, etags, token) => WithTokenAsync(
                    description,
                    async (cdnToken, _, attempt) =>
                    {
                        await _client.CompleteMultipartUploadAsync(target.UploadUrl, etags, attempt, cdnToken).ConfigureAwait(false);
                        return true;
                    },
                    token),
                cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// One request under the session's token, retried by the policy; refused with 401 (the token expired early, or
        /// the service revoked it), it is sent once more under a new token. The token is fetched outside the
        /// throttle's slots, so a request waiting for it never holds one.
        /// </summary>
        private async Task<T> WithTokenAsync<T>(string description, Func<CdnTokenLease, Action<long>, CancellationToken, Task<T>> send, CancellationToken cancellationToken)
        {
            for (var renewed = false; ; renewed = true)
            {
                var token = await _client.CdnTokens.GetAsync(FetchTokenAsync, cancellationToken).ConfigureAwait(false) ?? throw _client.CdnTokens.NotOffered!;
                try
                {
                    return await _requests.SendAsync(description, (bytesSent, attempt) => send(token, bytesSent, attempt), cancellationToken).ConfigureAwait(false);
                }
                catch (FalApiException ex) when (ex.StatusCode == HttpStatusCode.Unauthorized && !renewed)
                {
                    _client.CdnTokens.Refused(token);
                    _monitor.Report($"{description}: the CDN token was refused (401); asking for a new one.");
                }
            }
        }

        private async Task<CdnTokenLease> FetchTokenAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await _transfer.FetchCdnTokenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (FalApiException ex) when (ex.MeansTokenNotOffered && _options.UploadFlow == FalUploadFlow.Auto)
            {
                _monitor.Report($"{_client.Endpoint} offers no CDN token upload ({(int)ex.StatusCode}): this session uploads through signed URLs.");
                throw;
            }
        }
    }
}
