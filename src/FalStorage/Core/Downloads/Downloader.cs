using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Credentials;
using FalStorage.Core.Http;
using FalStorage.Core.Sources;
using FalStorage.Core.Transfer;
using FalStorage.Core.Uploads;

namespace FalStorage.Core.Downloads
{
    /// <summary>
    /// Downloads files for one command, through its <see cref="CommandTransfer"/> (throttles, retries, stall timeout,
    /// monitor): each into a temporary file beside its target, renamed into place only once complete and checked.
    /// An existing target is never overwritten by surprise: the same bytes are left as they are and count as saved,
    /// other bytes are an error unless -Force. A file that changes on the server while it is downloaded is fetched
    /// again from the start, twice at most.
    /// </summary>
    internal sealed class Downloader
    {
        /// <summary>How many times a file is downloaded from the start when it changes on the server meanwhile.</summary>
        public const int MaxPasses = 3;

        private readonly bool _force;
        private readonly bool _verify;

        /// <summary>Anonymous downloads of a command without a session share one HttpClient, as a session's commands share its own.</summary>
        private static readonly Lazy<SessionHttp> AnonymousHttp = new Lazy<SessionHttp>(() => new SessionHttp(bottomHandler: null));

        private Downloader(SessionHttp http, ThrottledRequests requests, TransferOptions options, TransferMonitor monitor, CdnAccess? cdn, bool force)
        {
            Http = new DownloadHttp(http, options.RequestTimeout);
            Requests = requests;
            Monitor = monitor;
            Cdn = cdn;
            RangeSize = options.PartSize;
            _force = force;
            _verify = options.Verify;
        }

        /// <summary>
        /// Downloads through a session's command transfer; its CDN token reads private files on its CDN host.
        /// <paramref name="force"/> (-Force): a target with other bytes is replaced.
        /// </summary>
        public static Downloader For(CommandTransfer transfer, bool force) =>
            new Downloader(transfer.Client.Http, transfer.Requests, transfer.Options, transfer.Monitor, new CdnAccess(transfer), force);

        /// <summary>Downloads with no session and no key: public files only, no credentials to send anywhere.</summary>
        public static Downloader Anonymous(TransferOptions options, TransferMonitor monitor, bool force) =>
            new Downloader(AnonymousHttp.Value, new ThrottledRequests(options.Throttle.Requests, new RetryPolicy(options.MaxRetries), monitor), options, monitor, cdn: null, force);

        public DownloadHttp Http { get; }

        public ThrottledRequests Requests { get; }

        public TransferMonitor Monitor { get; }

        /// <summary>The session's CDN token for its private files; null without a session.</summary>
        public CdnAccess? Cdn { get; }

        /// <summary>The size of the ranges a larger file is fetched in, in parallel (the first one also serves as the probe): -PartSize's default.</summary>
        public long RangeSize { get; }

        public async Task<DownloadResult> DownloadAsync(DownloadRequest request, CancellationToken cancellationToken)
        {
            Monitor.FileQueued(0);
            try
            {
                for (var pass = 1; ; pass++)
                {
                    var partial = PartialFile.CreateBeside(request.TargetPath);
                    var firstPass = pass == 1;
                    var download = new FileDownload(request, partial, this, served => FirstAnswerAsync(request, served, firstPass, cancellationToken));
                    try
                    {
                        return await download.RunAsync(cancellationToken).ConfigureAwait(false)
                            ? await FinishAsync(request, partial, cancellationToken).ConfigureAwait(false)
                            : AlreadyPresent(request);
                    }
                    catch (ContentChangedException ex) when (pass < MaxPasses)
                    {
                        Monitor.AddBytesTaken(-download.Written);
                        Monitor.Report($"{Sentence.End(ex.Message)} Downloading it again from the start.");
                    }
                    finally
                    {
                        partial.Delete();
                    }
                }
            }
            finally
            {
                Monitor.FileFinished();
            }
        }

        /// <summary>
        /// Before the first body: a target already there with another length is an error (unless -Force); with the same
        /// length and the SHA-256 the asset or the ETag gives, it is the file already (false: nothing to download).
        /// Without a SHA-256 to compare, the download goes on and is compared once complete.
        /// </summary>
        private async Task<bool> FirstAnswerAsync(DownloadRequest request, ServedRange served, bool firstPass, CancellationToken cancellationToken)
        {
            var proceed = await ComparedWithTargetAsync(request, served, cancellationToken).ConfigureAwait(false);

            // Only bytes that will come count as queued, so the run's bar ends full when files were already saved.
            if (proceed && firstPass)
            {
                Monitor.AddBytesQueued(served.Total ?? 0);
            }

            return proceed;
        }

        /// <summary>False when the target already has the served bytes; an error when it has others (unless -Force).</summary>
        private async Task<bool> ComparedWithTargetAsync(DownloadRequest request, ServedRange served, CancellationToken cancellationToken)
        {
            var target = request.TargetPath;
            if (!File.Exists(target))
            {
                return true;
            }

            var length = PartialFile.Writing(target, () => new FileInfo(target).Length);
            if (served.Total is long total && total != length)
            {
                return _force ? true : throw new DestinationExistsException(target);
            }

            var expected = request.ExpectedSha256 ?? Sha256OfETag(served.ETag);
            if (expected == null || served.Total == null)
            {
                return true;
            }

            if (SameDigest(await Sha256Async(target, cancellationToken).ConfigureAwait(false), expected))
            {
                return false;
            }

            return _force ? true : throw new DestinationExistsException(target);
        }

        /// <summary>The complete temporary file: checked by -Verify, compared with a target that is there, renamed into place.</summary>
        private async Task<DownloadResult> FinishAsync(DownloadRequest request, PartialFile partial, CancellationToken cancellationToken)
        {
            var target = request.TargetPath;
            var length = PartialFile.Writing(partial.Path, () => new FileInfo(partial.Path).Length);
            string? sha256 = null;
            var verified = false;
            if (_verify && request.ExpectedSha256 != null)
            {
                sha256 = await Sha256Async(partial.Path, cancellationToken).ConfigureAwait(false);
                if (!SameDigest(sha256, request.ExpectedSha256))
                {
                    throw new VerificationException(
                        $"{SafeUrl.Describe(request.Url)} served {length} bytes with the SHA-256 {sha256}, not the asset's {request.ExpectedSha256.ToUpperInvariant()}: nothing was saved. The file on the CDN is not the one uploaded; upload it again.");
                }

                verified = true;
            }

            if (File.Exists(target) && !_force)
            {
                sha256 ??= await Sha256Async(partial.Path, cancellationToken).ConfigureAwait(false);
                return SameDigest(await Sha256Async(target, cancellationToken).ConfigureAwait(false), sha256)
                    ? AlreadyPresent(request)
                    : throw new DestinationExistsException(target);
            }

            try
            {
                partial.MoveTo(target, replace: _force);
            }
            catch (DestinationWriteException) when (!_force && File.Exists(target))
            {
                // Another program made the file since it was looked at: it stays as it is.
                throw new DestinationExistsException(target);
            }

            return new DownloadResult(target, length, alreadyPresent: false, verified);
        }

        private static DownloadResult AlreadyPresent(DownloadRequest request) =>
            new DownloadResult(request.TargetPath, new FileInfo(request.TargetPath).Length, alreadyPresent: true, verified: request.ExpectedSha256 != null);

        /// <summary>A strong ETag that is a SHA-256 in hex (the emulator's; any server's that uses the digest as its ETag).</summary>
        private static string? Sha256OfETag(string? etag)
        {
            var value = etag?.Trim('"');
            return value != null && value.Length == 64 && value.All(Uri.IsHexDigit) ? value : null;
        }

        private static bool SameDigest(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
        {
            try
            {
                return await StreamHash.FileSha256Async(path, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new DestinationWriteException(path, ex);
            }
        }
    }
}
