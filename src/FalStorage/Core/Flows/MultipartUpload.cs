using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Sources;
using FalStorage.Core.Transfer;

namespace FalStorage.Core.Flows
{
    /// <summary>What both upload flows do alike with a large upload: its parts in parallel (within the throttle their
    /// requests share), each counted as the service takes it, then the completion that assembles them.</summary>
    internal sealed class MultipartUpload
    {
        private readonly TransferOptions _options;
        private readonly TransferMonitor _monitor;

        public MultipartUpload(CommandTransfer transfer)
        {
            _options = transfer.Options;
            _monitor = transfer.Monitor;
        }

        /// <summary>A part's request, given what retries call it: returns the part's ETag.</summary>
        public delegate Task<string> PartSender(string description, int partNumber, UploadSlice part, CancellationToken cancellationToken);

        /// <summary>The completion's request, given what retries call it and the ETags by part number.</summary>
        public delegate Task Completer(string description, KeyValuePair<int, string>[] partETags, CancellationToken cancellationToken);

        /// <summary>Sends the parts, then the completion; the CDN then serves the file at <paramref name="fileUrl"/>.</summary>
        public async Task<SentUpload> SendAsync(UploadRequest request, Uri fileUrl, PartSender sendPart, Completer complete, CancellationToken cancellationToken)
        {
            var parts = request.Source.OpenParts(_options.PartSize, _options.Throttle.BufferedParts, request.HashWhileSending);
            var progress = _monitor.StartMultipart(request.FileName, parts.PartCount);
            using var firstFailure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var completed = false;
            try
            {
                var etags = await SendPartsAsync(request, parts, progress, sendPart, firstFailure, cancellationToken).ConfigureAwait(false);
                await complete($"Completing the upload of '{request.FileName}'", etags, cancellationToken).ConfigureAwait(false);
                completed = true;
                return new SentUpload(fileUrl, progress.BytesTaken, parts.Sha256);
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

        /// <summary>
        /// Starts each part as the reader hands it out (a file's all at once, a stream's as they are read), and
        /// waits for them all. One part failing for good, or the source failing to give the next, fails the upload:
        /// the others stop, and that first failure is what is reported.
        /// </summary>
        private async Task<KeyValuePair<int, string>[]> SendPartsAsync(
            UploadRequest request, PartReader parts, MultipartProgress progress, PartSender sendPart, CancellationTokenSource firstFailure, CancellationToken cancellationToken)
        {
            var sends = new List<Task<KeyValuePair<int, string>>>();
            Exception? readFailure = null;
            try
            {
                for (var partNumber = 1; ; partNumber++)
                {
                    var part = await parts.NextAsync(firstFailure.Token).ConfigureAwait(false);
                    if (part == null)
                    {
                        break;
                    }

                    if (parts.PartCount == null)
                    {
                        _monitor.AddBytesQueued(part.Length);
                    }

                    sends.Add(SendPartAsync(request, parts, progress, partNumber, part, sendPart, firstFailure));
                }
            }
            catch (OperationCanceledException) when (firstFailure.IsCancellationRequested)
            {
                // Ctrl+C, or a part failed: what to report comes from the parts below.
            }
            catch (Exception ex)
            {
                readFailure = ex;
                firstFailure.Cancel();
            }

            try
            {
                var etags = await Task.WhenAll(sends).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                return readFailure == null ? etags : throw readFailure;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // WhenAll may surface a part cancelled because another failed: report the failure itself.
                throw readFailure ?? sends.Select(p => p.Exception?.InnerException).First(e => e != null && !(e is OperationCanceledException))!;
            }
        }

        private async Task<KeyValuePair<int, string>> SendPartAsync(
            UploadRequest request, PartReader parts, MultipartProgress progress, int partNumber, UploadSlice part, PartSender sendPart, CancellationTokenSource firstFailure)
        {
            var of = progress.PartCount == null ? string.Empty : $" of {progress.PartCount}";
            try
            {
                var etag = await sendPart($"PUT part {partNumber}{of} of '{request.FileName}'", partNumber, part, firstFailure.Token).ConfigureAwait(false);
                _monitor.PartTaken(progress, part.Length);
                return new KeyValuePair<int, string>(partNumber, etag);
            }
            catch
            {
                firstFailure.Cancel();
                throw;
            }
            finally
            {
                parts.Release(part);
            }
        }
    }
}
