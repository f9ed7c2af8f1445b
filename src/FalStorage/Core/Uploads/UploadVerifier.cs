using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Api;
using FalStorage.Core.Transfer;

namespace FalStorage.Core.Uploads
{
    /// <summary>-Verify: the CDN serves an upload's bytes, as many as its source has and with the same SHA-256.</summary>
    internal sealed class UploadVerifier
    {
        private readonly FalStorageClient _client;
        private readonly ThrottledRequests _requests;
        private readonly ThrottledRequests _heads;
        private readonly TransferMonitor _monitor;

        /// <param name="heads">The throttle of HEADs, wider than that of the <paramref name="requests"/> that move bytes.</param>
        public UploadVerifier(FalStorageClient client, ThrottledRequests requests, ThrottledRequests heads, TransferMonitor monitor)
        {
            _client = client;
            _requests = requests;
            _heads = heads;
            _monitor = monitor;
        }

        /// <summary>-Verify, a phase of its own with a progress bar of its own: reading the upload back takes as long as sending it.</summary>
        /// <param name="head">The HEAD already made of <paramref name="fileUrl"/>, if one was; otherwise one is made.</param>
        public async Task<string> VerifyAsync(UploadRequest request, Uri fileUrl, CancellationToken cancellationToken, ServedHead? head = null)
        {
            var length = request.Source.Length!.Value;
            var progress = _monitor.StartVerify(request.FileName, length);
            try
            {
                return await CompareServedWithSourceAsync(request, length, fileUrl, head, progress, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _monitor.EndVerify(progress);
            }
        }

        /// <summary>A HEAD on the upload's URL, within the throttle of HEADs and with retries: the length and ETag the CDN serves.</summary>
        public Task<ServedHead> HeadAsync(UploadRequest request, Uri fileUrl, CancellationToken cancellationToken) =>
            _heads.SendAsync($"HEAD '{request.FileName}'", (_, token) => _client.GetServedHeadAsync(fileUrl, token), cancellationToken);

        /// <summary>The CDN serves as many bytes as the source has, and the same SHA-256 (the source's is made on the way up where it can be, else alongside the read-back).</summary>
        private async Task<string> CompareServedWithSourceAsync(UploadRequest request, long length, Uri fileUrl, ServedHead? head, VerifyProgress progress, CancellationToken cancellationToken)
        {
            head ??= await HeadAsync(request, fileUrl, cancellationToken).ConfigureAwait(false);
            var servedLength = head.Length;
            if (servedLength != length)
            {
                throw new VerificationException(
                    $"{Sentence.Capitalize(request.Source.Description)} has {length} bytes, but {SafeUrl.Describe(fileUrl)} serves {(servedLength?.ToString() ?? "an unknown number of")} bytes.");
            }

            var localHash = Task.Run(() => request.Source.Sha256Async(cancellationToken), cancellationToken);
            var servedHash = await _requests.SendAsync(
                $"GET '{request.FileName}'",
                (_, token) =>
                {
                    progress.Restart();
                    return _client.HashServedContentAsync(fileUrl, progress.AddBytesRead, token);
                },
                cancellationToken).ConfigureAwait(false);
            if (await localHash.ConfigureAwait(false) != servedHash)
            {
                throw new VerificationException(
                    $"{SafeUrl.Describe(fileUrl)} does not serve the bytes of {request.Source.Description}: SHA-256 {servedHash} served, {localHash.Result} sent.");
            }

            return servedHash;
        }
    }
}
