using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace FalStorage.Core
{
    /// <summary>
    /// Uploads files: a single PUT, or parts in parallel then complete for large files. Every HTTP
    /// request takes one of the throttle's slots, so files and parts share one limit; each request
    /// is retried on its own, and a refused upload URL is replaced by a new one.
    /// </summary>
    internal sealed class Uploader
    {
        private readonly FalStorageClient _client;
        private readonly TransferOptions _options;
        private readonly TransferMonitor _monitor;
        private readonly RetryPolicy _retry;
        private readonly SemaphoreSlim _slots;

        public Uploader(FalStorageClient client, TransferOptions options, RetryPolicy retry, TransferMonitor monitor)
        {
            _client = client;
            _options = options;
            _retry = retry;
            _monitor = monitor;
            _slots = new SemaphoreSlim(options.ThrottleLimit, options.ThrottleLimit);
        }

        /// <summary>Uploads one file. The file is measured before the first await, so it counts as queued at once.</summary>
        public Task<UploadResult> UploadAsync(UploadRequest request, CancellationToken cancellationToken)
        {
            var file = FileSlice.WholeFile(request.Path);
            _monitor.FileQueued(file.Length);
            return UploadAsync(request, file, cancellationToken);
        }

        private async Task<UploadResult> UploadAsync(UploadRequest request, FileSlice file, CancellationToken cancellationToken)
        {
            try
            {
                var multipart = request.PresetTarget == null && file.Length > _options.MultipartThreshold;
                var fileUrl = await SendWithNewUrlOnRefusalAsync(request, file, multipart, cancellationToken).ConfigureAwait(false);

                // The service counts the lifetime from when it stored the object: the moment its last answer came.
                var expiresAt = DateTimeOffset.Now + request.Lifetime?.Duration;
                var sha256 = _options.Verify ? await VerifyAsync(request, file, fileUrl, cancellationToken).ConfigureAwait(false) : null;
                return new UploadResult(fileUrl, file.Length, sha256, expiresAt);
            }
            finally
            {
                _monitor.FileFinished();
            }
        }

        /// <summary>
        /// A signed URL refused with 403 has expired (a long queue, a slow retry) or was spoiled: ask for
        /// a new one rather than retrying a URL that will never work. A ticket's URL cannot be replaced.
        /// </summary>
        private async Task<Uri> SendWithNewUrlOnRefusalAsync(UploadRequest request, FileSlice file, bool multipart, CancellationToken cancellationToken)
        {
            for (var renewals = 0; ; renewals++)
            {
                try
                {
                    var target = request.PresetTarget ?? await InitiateAsync(request, multipart, cancellationToken).ConfigureAwait(false);
                    if (multipart)
                    {
                        await SendPartsAsync(request, file, target, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await SendThrottledAsync(
                            $"PUT '{request.FileName}'",
                            (bytesSent, token) => _client.UploadAsync(target.UploadUrl, file, request.ContentType, bytesSent, token),
                            cancellationToken).ConfigureAwait(false);
                        _monitor.AddBytesTaken(file.Length);
                    }

                    return target.FileUrl;
                }
                catch (FalApiException ex) when (IsRefusedUploadUrl(ex) && request.PresetTarget == null && renewals < _retry.MaxRetries)
                {
                    _monitor.Report($"The upload URL for '{request.FileName}' was refused ({(int)ex.StatusCode}); starting again with a new one.");
                }
            }
        }

        private Task<UploadTarget> InitiateAsync(UploadRequest request, bool multipart, CancellationToken cancellationToken) =>
            SendThrottledAsync(
                $"Initiating the upload of '{request.FileName}'",
                (_, token) => _client.InitiateUploadAsync(request.FileName, request.ContentType, request.Lifetime, multipart, token),
                cancellationToken);

        private async Task SendPartsAsync(UploadRequest request, FileSlice file, UploadTarget target, CancellationToken cancellationToken)
        {
            var partCount = (int)((file.Length + _options.PartSize - 1) / _options.PartSize);
            var progress = _monitor.StartMultipart(request.FileName, partCount);
            using var firstFailure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var completed = false;
            try
            {
                var parts = Enumerable.Range(1, partCount).Select(async partNumber =>
                {
                    var offset = (partNumber - 1) * _options.PartSize;
                    var slice = file.Part(offset, Math.Min(_options.PartSize, file.Length - offset));
                    try
                    {
                        var etag = await SendThrottledAsync(
                            $"PUT part {partNumber} of {partCount} of '{request.FileName}'",
                            (bytesSent, token) => _client.UploadPartAsync(target.UploadUrl, partNumber, slice, bytesSent, token),
                            firstFailure.Token).ConfigureAwait(false);
                        _monitor.PartTaken(progress, slice.Length);
                        return new KeyValuePair<int, string>(partNumber, etag);
                    }
                    catch
                    {
                        // One part failing for good fails the file: stop sending the others.
                        firstFailure.Cancel();
                        throw;
                    }
                }).ToList();

                KeyValuePair<int, string>[] etags;
                try
                {
                    etags = await Task.WhenAll(parts).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // WhenAll may surface a part cancelled because another failed: report the failure itself.
                    throw parts.Select(p => p.Exception?.InnerException).First(e => e != null && !(e is OperationCanceledException))!;
                }

                await SendThrottledAsync(
                    $"Completing the upload of '{request.FileName}'",
                    (_, token) => _client.CompleteMultipartUploadAsync(target.UploadUrl, etags, token),
                    cancellationToken).ConfigureAwait(false);
                completed = true;
            }
            finally
            {
                // Parts of an upload that was never completed are not kept: neither are their bytes in the count.
                if (!completed)
                {
                    _monitor.AddBytesTaken(-progress.BytesTaken);
                }

                _monitor.EndMultipart(progress);
            }
        }

        /// <summary>-Verify, a phase of its own with a progress bar of its own: reading the upload back takes as long as sending it.</summary>
        private async Task<string> VerifyAsync(UploadRequest request, FileSlice file, Uri fileUrl, CancellationToken cancellationToken)
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

        /// <summary>The CDN serves as many bytes as the file has, and the same SHA-256.</summary>
        private async Task<string> CompareServedWithFileAsync(UploadRequest request, FileSlice file, Uri fileUrl, VerifyProgress progress, CancellationToken cancellationToken)
        {
            var servedLength = await SendThrottledAsync(
                $"HEAD '{request.FileName}'", (_, token) => _client.GetServedLengthAsync(fileUrl, token), cancellationToken).ConfigureAwait(false);
            if (servedLength != file.Length)
            {
                throw new VerificationException(
                    $"'{request.Path}' has {file.Length} bytes, but {SafeUrl.Describe(fileUrl)} serves {(servedLength?.ToString() ?? "an unknown number of")} bytes.");
            }

            var localHash = Task.Run(() => HashFile(file, cancellationToken), cancellationToken);
            var servedHash = await SendThrottledAsync(
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
            string hash;
            using (var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan))
            {
                hash = await StreamHash.Sha256Async(stream, null, cancellationToken).ConfigureAwait(false);
            }

            file.EnsureUnchanged();
            return hash;
        }

        private Task SendThrottledAsync(string description, Func<Action<long>, CancellationToken, Task> send, CancellationToken cancellationToken) =>
            SendThrottledAsync(
                description,
                async (bytesSent, token) =>
                {
                    await send(bytesSent, token).ConfigureAwait(false);
                    return true;
                },
                cancellationToken);

        /// <summary>
        /// One request in one throttle slot, retried by the policy. The slot is held only while the
        /// request is on the wire, never during a backoff. Its bytes are in flight until it is answered;
        /// the caller counts them as taken once it has succeeded.
        /// </summary>
        private Task<T> SendThrottledAsync<T>(string description, Func<Action<long>, CancellationToken, Task<T>> send, CancellationToken cancellationToken) =>
            _retry.RunAsync(
                description,
                async token =>
                {
                    await _slots.WaitAsync(token).ConfigureAwait(false);
                    long attemptBytes = 0;
                    try
                    {
                        return await send(count => { attemptBytes += count; _monitor.AddBytesInFlight(count); }, token).ConfigureAwait(false);
                    }
                    finally
                    {
                        _monitor.AddBytesInFlight(-attemptBytes);
                        _slots.Release();
                    }
                },
                _monitor.Report,
                cancellationToken);

        private static bool IsRefusedUploadUrl(FalApiException exception) =>
            exception.StatusCode == HttpStatusCode.Forbidden && exception.Operation != FalOperation.Initiate && exception.Operation != FalOperation.Verify;
    }
}
