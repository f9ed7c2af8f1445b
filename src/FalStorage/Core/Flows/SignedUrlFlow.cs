using System.Net;
using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Api;
using FalStorage.Core.Transfer;

namespace FalStorage.Core.Flows
{
    /// <summary>
    /// fal Storage's signed-URL upload: initiate, then PUT the bytes to the URL it hands out, whole, or
    /// for a large file in parts in parallel then complete. A refused URL is replaced by a new one.
    /// </summary>
    internal sealed class SignedUrlFlow : IUploadFlow
    {
        private readonly CommandTransfer _transfer;
        private readonly MultipartUpload _parts;

        public SignedUrlFlow(CommandTransfer transfer, MultipartUpload parts)
        {
            _transfer = transfer;
            _parts = parts;
        }

        /// <summary>
        /// Sends the file to a new upload URL (in parts above the multipart threshold) and returns where the CDN
        /// serves it. A signed URL refused with 403 has expired (a long queue, a slow retry) or was spoiled: ask for
        /// a new one rather than retrying a URL that will never work.
        /// </summary>
        public async Task<SentUpload> SendAsync(UploadRequest request, CancellationToken cancellationToken)
        {
            var multipart = _transfer.Options.IsMultipart(request.Source);
            for (var renewals = 0; ; renewals++)
            {
                try
                {
                    var target = await InitiateAsync(request, multipart, cancellationToken).ConfigureAwait(false);
                    return multipart
                        ? await SendPartsAsync(request, target, cancellationToken).ConfigureAwait(false)
                        : await SignedUrlPut.SendAsync(_transfer, target, request, cancellationToken).ConfigureAwait(false);
                }
                catch (FalApiException ex) when (IsRefusedUploadUrl(ex) && renewals < _transfer.Options.MaxRetries)
                {
                    _transfer.Monitor.Report($"The upload URL for '{request.FileName}' was refused ({(int)ex.StatusCode}); starting again with a new one.");
                }
            }
        }

        private static bool IsRefusedUploadUrl(FalApiException exception) =>
            exception.StatusCode == HttpStatusCode.Forbidden && exception.Operation != FalOperation.Initiate && exception.Operation != FalOperation.Verify;

        private Task<UploadTarget> InitiateAsync(UploadRequest request, bool multipart, CancellationToken cancellationToken) =>
            _transfer.Requests.SendAsync(
                $"Initiating the upload of '{request.FileName}'",
                (_, token) => _transfer.Client.InitiateUploadAsync(request.FileName, request.ContentType, request.Lifetime, request.Acl, multipart, token),
                cancellationToken);

        private Task<SentUpload> SendPartsAsync(UploadRequest request, UploadTarget target, CancellationToken cancellationToken)
        {
            var client = _transfer.Client;
            var requests = _transfer.Requests;
            return _parts.SendAsync(
                request,
                target.FileUrl,
                (description, partNumber, part, token) => requests.SendAsync(
                    description, (bytesSent, attempt) => client.UploadPartAsync(target.UploadUrl, partNumber, part, bytesSent, attempt), token),
                (description, etags, token) => requests.SendAsync(
                    description, (_, attempt) => client.CompleteMultipartUploadAsync(target.UploadUrl, etags, attempt), token),
                cancellationToken);
        }
    }
}
