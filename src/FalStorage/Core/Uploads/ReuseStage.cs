using System;
using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Api;
using FalStorage.Core.Index;
using FalStorage.Core.Transfer;

namespace FalStorage.Core.Uploads
{
    /// <summary>
    /// Send-FalAsset -SkipUnchanged: a file whose bytes already went up under the same name and type, to the same
    /// endpoint with the same key, is not sent again while its URL lives and the CDN still serves it (a HEAD with the
    /// same length, and the same ETag once the first check has learnt it; with -Verify, every byte read back); every
    /// upload is remembered in the <see cref="UploadIndex"/>. A file is hashed before it is sent only when the index
    /// holds an upload of its length and name, since only then can its hash find one; otherwise it is hashed as it is
    /// sent (one pass), except a file in parts, whose parts go in parallel and is read once more. A stream that cannot
    /// seek has no length to look up before it is sent: it is only recorded.
    /// </summary>
    internal sealed class ReuseStage : IUploadStage
    {
        private readonly UploadIndex _index;
        private readonly ReadBack _readBack;
        private readonly IUploadStage _upload;
        private readonly TransferMonitor _monitor;
        private readonly bool _verify;
        private readonly string _endpoint;
        private readonly string _keyScope;

        /// <param name="upload">The stages that send a file the index cannot vouch for.</param>
        public ReuseStage(CommandTransfer transfer, UploadIndex index, ReadBack readBack, IUploadStage upload)
        {
            _index = index;
            _readBack = readBack;
            _upload = upload;
            _monitor = transfer.Monitor;
            _verify = transfer.Options.Verify;
            _endpoint = transfer.Client.Endpoint.AbsoluteUri;
            _keyScope = index.KeyScope(transfer.Client.Credential);
        }

        /// <summary>The upload of this source found in the index and still served, or else a new one, which is then remembered.</summary>
        public async Task<UploadResult> UploadAsync(UploadRequest request, CancellationToken cancellationToken)
        {
            var source = request.Source;
            string? sha256 = null;
            if (source.Length is long length && _index.HasCandidate(KeyFor(string.Empty, length, request)))
            {
                sha256 = await source.ComputeSha256Async(cancellationToken).ConfigureAwait(false);
                var reused = await TryReuseAsync(KeyFor(sha256!, length, request), sha256!, request, cancellationToken).ConfigureAwait(false);
                if (reused != null)
                {
                    return reused;
                }
            }

            var result = await _upload.UploadAsync(request with { HashWhileSending = sha256 == null }, cancellationToken).ConfigureAwait(false);
            sha256 ??= result.Sha256 ?? await source.ComputeSha256Async(cancellationToken).ConfigureAwait(false);
            _index.Record(new UploadIndexEntry(KeyFor(sha256!, result.Length, request), result.FileUrl.AbsoluteUri, DateTimeOffset.Now, result.ExpiresAt));
            return result;
        }

        private async Task<UploadResult?> TryReuseAsync(UploadIndexKey key, string sha256, UploadRequest request, CancellationToken cancellationToken)
        {
            var entry = _index.Find(key, DateTimeOffset.Now);
            if (entry == null)
            {
                return null;
            }

            var fileUrl = new Uri(entry.FileUrl);
            var served = await ServedAsync(request, fileUrl, key.Length, entry, sha256, cancellationToken).ConfigureAwait(false);
            if (served == null)
            {
                _monitor.Report($"{Sentence.Capitalize(request.Source.Description)} was uploaded before, but {SafeUrl.Describe(fileUrl)} no longer serves it whole: uploading it again.");
                _index.Forget(key);
                return null;
            }

            // The CDN's own ETag, learnt at the first check: compared at every check after.
            var etag = served.Head.ETag;
            if (entry.ETag == null && !string.IsNullOrEmpty(etag))
            {
                _index.RecordETag(key, etag!);
            }

            _monitor.Report($"{Sentence.Capitalize(request.Source.Description)} is unchanged since it was uploaded on {entry.UploadedAt:u}, and {SafeUrl.Describe(fileUrl)} still serves it: not sent again.");
            return new UploadResult(fileUrl, key.Length) { Sha256 = sha256, Verified = _verify, ETag = etag, ExpiresAt = entry.ExpiresAt, Reused = true };
        }

        /// <summary>
        /// What the CDN serves at an earlier upload's URL, when it is still that upload: its length, an ETag the index
        /// accepts, and with -Verify the same SHA-256 read back. Null when it serves something else or nothing.
        /// </summary>
        private async Task<ServedFile?> ServedAsync(UploadRequest request, Uri fileUrl, long length, UploadIndexEntry entry, string sha256, CancellationToken cancellationToken)
        {
            try
            {
                var served = await _readBack.HeadAsync(request, fileUrl, cancellationToken).ConfigureAwait(false);
                if (served.Head.Length != length || !entry.MatchesETag(served.Head.ETag))
                {
                    return null;
                }

                if (_verify)
                {
                    await _readBack.VerifyAsync(request, fileUrl, length, sha256, served, cancellationToken).ConfigureAwait(false);
                }

                return served;
            }
            catch (Exception ex) when (ex is VerificationException || ex is FalApiException)
            {
                return null;
            }
        }

        private UploadIndexKey KeyFor(string sha256, long length, UploadRequest request) =>
            new UploadIndexKey(sha256, length, request.FileName, request.ContentType, _endpoint, _keyScope);
    }
}
