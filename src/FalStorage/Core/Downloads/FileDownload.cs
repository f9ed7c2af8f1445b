using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Api;
using FalStorage.Core.Credentials;
using FalStorage.Core.Http;
using FalStorage.Core.Transfer;

namespace FalStorage.Core.Downloads
{
    /// <summary>
    /// One pass of one file into its temporary file: the first range (which learns the length and ETag), then the
    /// rest in parallel ranges, each retried on its own and resumed from its last written byte, all under the first
    /// answer's ETag (If-Match, and compared), anonymous until the server refuses and the URL is on the session's CDN.
    /// </summary>
    internal sealed class FileDownload
    {
        private readonly DownloadRequest _request;
        private readonly PartialFile _file;
        private readonly Downloader _downloader;
        private readonly Func<ServedRange, Task<bool>> _firstAnswer;
        private readonly object _answerLock = new object();
        private bool _answered;
        private CdnTokenLease? _token;
        private long _written;

        /// <param name="firstAnswer">Hears the first answer before its body is read; false stops the download there (the file is already saved).</param>
        public FileDownload(DownloadRequest request, PartialFile file, Downloader downloader, Func<ServedRange, Task<bool>> firstAnswer)
        {
            _request = request;
            _file = file;
            _downloader = downloader;
            _firstAnswer = firstAnswer;
        }

        /// <summary>The file's length, once an answer said it.</summary>
        public long? Total { get; private set; }

        /// <summary>The first answer's strong ETag, which every later range must have.</summary>
        public string? ETag { get; private set; }

        /// <summary>The bytes written to the temporary file in this pass (counted as taken by the monitor, to take back if it starts over).</summary>
        public long Written => Interlocked.Read(ref _written);

        /// <summary>Downloads the whole file; false when the first answer stopped it.</summary>
        public async Task<bool> RunAsync(CancellationToken cancellationToken)
        {
            var rangeSize = _downloader.RangeSize;
            var first = new ByteRange(0, rangeSize - 1);
            var ranged = true;
            var proceed = true;
            try
            {
                proceed = await FetchAsync(first, ranged, cancellationToken).ConfigureAwait(false);
            }
            catch (FalApiException ex) when (ex.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && first.Written == 0)
            {
                // An empty file has no byte 0 to serve: some servers answer the Range with 416. Asked whole, it comes as 200.
                ranged = false;
                first.BecomeWholeFile(null);
                proceed = await FetchAsync(first, ranged, cancellationToken).ConfigureAwait(false);
            }

            if (!proceed || first.End != rangeSize - 1 || (Total is long whole && whole <= rangeSize))
            {
                // Stopped, the whole file came in one answer, or it fits in the first range.
                return proceed;
            }

            var rest = Total is long total
                ? Enumerable.Range(1, (int)((total - 1) / rangeSize)).Select(i => new ByteRange(i * rangeSize, Math.Min(total, (i + 1) * rangeSize) - 1)).ToList()
                : new List<ByteRange> { new ByteRange(rangeSize, null) };
            await FetchAllAsync(rest, cancellationToken).ConfigureAwait(false);
            return true;
        }

        /// <summary>The ranges at once, each in a throttle slot of its own; the first to fail stops the others.</summary>
        private async Task FetchAllAsync(List<ByteRange> ranges, CancellationToken cancellationToken)
        {
            var progress = _downloader.Monitor.StartMultipart(_request.FileName, ranges.Count + 1);
            progress.PartDone(_downloader.RangeSize);
            using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var fetches = ranges.Select(async range =>
            {
                try
                {
                    await FetchAsync(range, true, failed.Token).ConfigureAwait(false);
                    progress.PartDone(range.Written);
                }
                catch
                {
                    failed.Cancel();
                    throw;
                }
            }).ToList();
            try
            {
                await Task.WhenAll(fetches).ConfigureAwait(false);
            }
            catch (Exception) when (fetches.Any(f => f.IsFaulted && !(f.Exception!.InnerException is OperationCanceledException)))
            {
                // The failure that stopped the others, not the cancellations it caused.
                throw fetches.First(f => f.IsFaulted && !(f.Exception!.InnerException is OperationCanceledException)).Exception!.InnerException!;
            }
            finally
            {
                _downloader.Monitor.EndMultipart(progress);
            }
        }

        /// <summary>
        /// One range, retried by the throttle's policy; refused anonymously (401, 403, 404) on the session's CDN host,
        /// it is asked again with the session's token, and once more with a new token if the CDN refuses that one (401).
        /// </summary>
        private async Task<bool> FetchAsync(ByteRange range, bool ranged, CancellationToken cancellationToken)
        {
            for (var renewed = false; ; )
            {
                try
                {
                    return await _downloader.Requests.SendAsync(
                        $"GET '{_request.FileName}' ({range})", (_, attempt) => AttemptAsync(range, ranged, attempt), cancellationToken).ConfigureAwait(false);
                }
                catch (FalApiException ex) when (ex.StatusCode == HttpStatusCode.PreconditionFailed && ETag != null)
                {
                    throw new ContentChangedException($"{SafeUrl.Describe(_request.Url)} changed while it was downloaded (it no longer has the ETag {ETag}).");
                }
                catch (FalApiException ex) when (_downloader.Cdn is CdnAccess cdn && IsRefusal(ex.StatusCode) && (_token == null || (ex.StatusCode == HttpStatusCode.Unauthorized && !renewed)))
                {
                    if (_token != null)
                    {
                        cdn.Refused(_token);
                        renewed = true;
                    }

                    var (token, cdnHost) = await cdn.TokenForAsync(_request.Url, cancellationToken).ConfigureAwait(false);
                    if (token == null)
                    {
                        throw cdnHost != null && ex.StatusCode != HttpStatusCode.NotFound ? new CredentialsWithheldException(ex, cdnHost) : (Exception)ex;
                    }

                    _token = token;
                    _downloader.Monitor.Report($"GET '{_request.FileName}': {(int)ex.StatusCode} without credentials; asking again with the session's CDN token.");
                }
            }
        }

        private Task<bool> AttemptAsync(ByteRange range, bool ranged, CancellationToken attempt) =>
            _downloader.Http.GetAsync(
                _request.Url,
                range,
                ranged,
                ETag,
                _token,
                async (response, body, stall) =>
                {
                    var served = ServedRange.Of(response);
                    if (TakeFirstAnswer(served) && !await _firstAnswer(served).ConfigureAwait(false))
                    {
                        return false;
                    }

                    long skip = 0;
                    if (!served.IsPartial)
                    {
                        // The whole file, where a range was asked for: the first range becomes the file; a later one skips to its bytes.
                        if (range.Start == 0)
                        {
                            range.BecomeWholeFile(served.Total);
                        }

                        skip = range.Next;
                    }
                    else if (served.Start != range.Next)
                    {
                        throw new FalTransportException(TransportFailure.UnexpectedResponse, $"{SafeUrl.Describe(_request.Url)} answered a request for {range.Next}- with bytes from {served.Start}.");
                    }
                    else
                    {
                        range.LimitTo(served.Total);
                    }

                    await RangeCopy.CopyAsync(body, _file, range, skip, stall, BytesWritten, _request.Url).ConfigureAwait(false);
                    return true;
                },
                attempt);

        /// <summary>True for the first answer of the pass (it sets the length and ETag); a later one must agree with it.</summary>
        private bool TakeFirstAnswer(ServedRange served)
        {
            lock (_answerLock)
            {
                if (!_answered)
                {
                    _answered = true;
                    Total = served.Total;
                    ETag = served.ETag;
                    return true;
                }
            }

            if ((ETag != null && served.ETag != ETag) || (Total != null && served.Total != null && served.Total != Total))
            {
                throw new ContentChangedException(
                    $"{SafeUrl.Describe(_request.Url)} changed while it was downloaded (ETag {ETag ?? "none"} then {served.ETag ?? "none"}, length {Total} then {served.Total}).");
            }

            return false;
        }

        private void BytesWritten(long count)
        {
            Interlocked.Add(ref _written, count);
            _downloader.Monitor.AddBytesTaken(count);
        }

        private static bool IsRefusal(HttpStatusCode status) =>
            status == HttpStatusCode.Unauthorized || status == HttpStatusCode.Forbidden || status == HttpStatusCode.NotFound;
    }
}
