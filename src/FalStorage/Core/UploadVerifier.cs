using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace FalStorage.Core
{
    /// <summary>-Verify: the CDN serves an upload's bytes, as many as the file has and with the same SHA-256.</summary>
    internal sealed class UploadVerifier
    {
        private readonly FalStorageClient _client;
        private readonly ThrottledRequests _requests;
        private readonly TransferMonitor _monitor;

        public UploadVerifier(FalStorageClient client, ThrottledRequests requests, TransferMonitor monitor)
        {
            _client = client;
            _requests = requests;
            _monitor = monitor;
        }

        /// <summary>-Verify, a phase of its own with a progress bar of its own: reading the upload back takes as long as sending it.</summary>
        public async Task<string> VerifyAsync(UploadRequest request, FileSlice file, Uri fileUrl, CancellationToken cancellationToken)
        {
            var progress = _monitor.StartVerify(request.FileName, file.Length);
            try
            {
                return await CompareServedWithFileAsync(request, file, fileUrl, progress, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _monitor.EndVerify(progress);
            }
        }

        /// <summary>A HEAD on the upload's URL, within the throttle and with retries: the length the CDN serves.</summary>
        public Task<long?> ServedLengthAsync(UploadRequest request, Uri fileUrl, CancellationToken cancellationToken) =>
            _requests.SendAsync($"HEAD '{request.FileName}'", (_, token) => _client.GetServedLengthAsync(fileUrl, token), cancellationToken);

        /// <summary>The CDN serves as many bytes as the file has, and the same SHA-256.</summary>
        private async Task<string> CompareServedWithFileAsync(UploadRequest request, FileSlice file, Uri fileUrl, VerifyProgress progress, CancellationToken cancellationToken)
        {
            var servedLength = await ServedLengthAsync(request, fileUrl, cancellationToken).ConfigureAwait(false);
            if (servedLength != file.Length)
            {
                throw new VerificationException(
                    $"'{request.Path}' has {file.Length} bytes, but {SafeUrl.Describe(fileUrl)} serves {(servedLength?.ToString() ?? "an unknown number of")} bytes.");
            }

            var localHash = Task.Run(() => HashFile(file, cancellationToken), cancellationToken);
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
                    $"{SafeUrl.Describe(fileUrl)} does not serve the bytes of '{request.Path}': SHA-256 {servedHash} served, {localHash.Result} on disk.");
            }

            return servedHash;
        }

        private static async Task<string> HashFile(FileSlice file, CancellationToken cancellationToken)
        {
            var hash = await StreamHash.FileSha256Async(file.Path, cancellationToken).ConfigureAwait(false);
            file.EnsureUnchanged();
            return hash;
        }
    }
}
