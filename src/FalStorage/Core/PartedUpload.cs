using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace FalStorage.Core
{
    /// <summary>What both upload flows do alike with a large file: its parts in parallel (within the throttle their
    /// requests share), each counted as the service takes it, then the completion that assembles them.</summary>
    internal sealed class PartedUpload
    {
        private readonly TransferOptions _options;
        private readonly TransferMonitor _monitor;

        public PartedUpload(TransferOptions options, TransferMonitor monitor)
        {
            _options = options;
            _monitor = monitor;
        }

        /// <summary>A part's request, given what retries call it: returns the part's ETag.</summary>
        public delegate Task<string> PartSender(string description, int partNumber, FileSlice part, CancellationToken cancellationToken);

        /// <summary>The completion's request, given what retries call it and the ETags by part number.</summary>
        public delegate Task Completer(string description, KeyValuePair<int, string>[] partETags, CancellationToken cancellationToken);

        public async Task SendAsync(UploadRequest request, FileSlice file, PartSender sendPart, Completer complete, CancellationToken cancellationToken)
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
                        var etag = await sendPart($"PUT part {partNumber} of {partCount} of '{request.FileName}'", partNumber, slice, firstFailure.Token).ConfigureAwait(false);
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

                await complete($"Completing the upload of '{request.FileName}'", etags, cancellationToken).ConfigureAwait(false);
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
    }
}
