using System;
using System.IO;
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
    /// same length, and the same ETag once the first check has learnt it); every upload is remembered in the
    /// <see cref="UploadIndex"/>. A file is hashed before it is sent only when the index holds
    /// an upload of its length and name, since only then can its hash find one; otherwise it is hashed as it is sent
    /// (one pass), except a file in parts, whose parts go in parallel and is read once more. A stream that cannot
    /// seek has no length to look up before it is sent: it is only recorded.
    /// </summary>
    internal sealed class UnchangedUploads
    {
        private readonly UploadIndex _index;
        private readonly FalStorageClient _client;
        private readonly TransferMonitor _monitor;
        private readonly string _keyScope;

        public UnchangedUploads(UploadIndex index, FalStorageClient client, TransferMonitor monitor)
        {
            _index = index;
            _client = client;
            _monitor = monitor;
            _keyScope = index.KeyScope(client.Credential);
        }

        /// <summary>The upload of this source found in the index and still served, or else <paramref name="uploader"/>'s, which is then remembered.</summary>
        public async Task<UploadResult> UploadAsync(Uploader uploader, UploadRequest request, CancellationToken cancellationToken)
        {
            var source = request.Source;
            if (source.Length is long length && _index.HasCandidate(KeyFor(string.Empty, length, request)))
            {
                var sha256 = await source.Sha256Async(cancellationToken).ConfigureAwait(false);
                var reused = await TryReuseAsync(uploader, KeyFor(sha256!, length, request), request, cancellationToken).ConfigureAwait(false);
                if (reused != null)
                {
                    return reused;
                }
            }

            source.HashWhileSending = true;
            var result = await uploader.UploadAsync(request, cancellationToken).ConfigureAwait(false);
            _index.Record(new UploadIndexEntry(KeyFor((await source.Sha256Async(cancellationToken).ConfigureAwait(false))!, result.Length, request), result.FileUrl.AbsoluteUri, DateTimeOffset.Now, result.ExpiresAt));
            return result;
        }

        private async Task<UploadResult?> TryReuseAsync(Uploader uploader, UploadIndexKey key, UploadRequest request, CancellationToken cancellationToken)
        {
            var entry = _index.Find(key, DateTimeOffset.Now);
            if (entry == null)
            {
                return null;
            }

            var fileUrl = new Uri(entry.FileUrl);
            var (served, servedSha256, servedETag) = await uploader.IsServedAsync(request, fileUrl, entry.MatchesETag, cancellationToken).ConfigureAwait(false);
            if (served)
            {
                // The CDN's own ETag, learnt at the first check: compared at every check after.
                if (entry.ETag == null && !string.IsNullOrEmpty(servedETag))
                {
                    _index.RecordETag(key, servedETag!);
                }

                _monitor.Report($"{Sentence.Capitalize(request.Source.Description)} is unchanged since it was uploaded on {entry.UploadedAt:u}, and {SafeUrl.Describe(fileUrl)} still serves it: not sent again.");
                return new UploadResult(fileUrl, key.Length, servedSha256, entry.ExpiresAt, reused: true);
            }

            _monitor.Report($"{Sentence.Capitalize(request.Source.Description)} was uploaded before, but {SafeUrl.Describe(fileUrl)} no longer serves it whole: uploading it again.");
            _index.Forget(key);
            return null;
        }

        private UploadIndexKey KeyFor(string sha256, long length, UploadRequest request) =>
            new UploadIndexKey(sha256, length, request.FileName, request.ContentType, _client.Endpoint.AbsoluteUri, _keyScope);
    }
}
