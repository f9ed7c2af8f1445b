using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Api;
using FalStorage.Core.Transfer;

namespace FalStorage.Core.Uploads
{
    /// <summary>
    /// fal Storage's signed-URL upload: initiate, then PUT the bytes to the URL it hands out, whole, or
    /// for a large file in parts in parallel then complete. A refused URL is replaced by a new one.
    /// </summary>
    internal sealed class SignedUrlUpload
    {
        private readonly FalStorageClient _client;
        private readonly TransferOptions _options;
        private readonly ThrottledRequests _requests;
        private readonly TransferMonitor _monitor;
        private readonly MultipartUpload _parts;

        public SignedUrlUpload(FalStorageClient client, TransferOptions options, ThrottledRequests requests, TransferMonitor monitor, MultipartUpload parts)
        {
            _client = client;
            _options = options;
            _requests = requests;
            _monitor = monitor;
            _parts = parts;
        }

        /// <summary>A signed upload URL for one file, and the URL the CDN will serve it from.</summary>
        public Task<UploadTarget> InitiateAsync(string fileName, string contentType, FalLifetime? lifetime, bool multipart, CancellationToken cancellationToken) =>
            _requests.SendAsync(
                $"Initiating the upload of '{fileName}'",
                (_, token) => _client.InitiateUploadAsync(fileName, contentType, lifetime, multipart, token),
                cancellationToken);

        /// <summary>
        /// Sends the file to a ticket's URL, or to a new one (in parts above the multipart threshold), and
        /// returns where the CDN serves it. A signed URL refused with 403 has expired (a long queue, a slow
        /// retry) or was spoiled: ask for a new one rather than retrying a URL that will never work. A
        /// ticket's URL cannot be replaced.
        /// </summary>
        public async Task<Uri> SendAsync(UploadRequest request, CancellationToken cancellationToken)
        {
            var multipart = request.PresetTarget == null && _options.IsMultipart(request.Source);
            for (var renewals = 0; ; renewals++)
            {
                try
                {
                    var target = request.PresetTarget ??
                        await InitiateAsync(request.FileName, request.ContentType, request.Lifetime, multipart, cancellationToken).ConfigureAwait(false);
                    if (multipart)
                    {
                        await _parts.SendAsync(
                            request,
                            (description, partNumber, part, token) => _requests.SendAsync(
                                description, (bytesSent, attempt) => _client.UploadPartAsync(target.UploadUrl, partNumber, part, bytesSent, attempt), token),
                            (description, etags, token) => _requests.SendAsync(
                                description, (_, attempt) => _client.CompleteMultipartUploadAsync(target.UploadUrl, etags, attempt), token),
                            cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        var file = request.Source.Whole();
                        await _requests.SendAsync(
                            $"PUT '{request.FileName}'",
                            (bytesSent, token) => _client.UploadAsync(target.UploadUrl, file, request.ContentType, bytesSent, token),
                            cancellationToken).ConfigureAwait(false);
                        _monitor.AddBytesTaken(file.Length);
                    }

                    return target.FileUrl;
                }
                catch (FalApiException ex) when (IsRefusedUploadUrl(ex) && request.PresetTarget == null && renewals < _options.MaxRetries)
                {
                    _monitor.Report($"The upload URL for '{request.FileName}' was refused ({(int)ex.StatusCode}); starting again with a new one.");
                }
            }
        }

        private static bool IsRefusedUploadUrl(FalApiException exception) =>
            exception.StatusCode == HttpStatusCode.Forbidden && exception.Operation != FalOperation.Initiate && exception.Operation != FalOperation.Verify;
    }
}
