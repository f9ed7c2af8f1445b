using System;
using System.Globalization;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Api;
using FalStorage.Core.Credentials;
using FalStorage.Core.Transfer;

namespace FalStorage.Core.Uploads
{
    /// <summary>
    /// What the CDN serves at an upload's URL: a HEAD's length and ETag, and (-Verify) a read-back of every byte. A
    /// file the upload made private or hidden is read as its owner at once; any other first without credentials, and
    /// as its owner only when the CDN refuses that (the account's default ACL may restrict it).
    /// </summary>
    internal sealed class ReadBack
    {
        private readonly CommandTransfer _transfer;
        private readonly OwnerReadAccess _owner;

        public ReadBack(CommandTransfer transfer)
        {
            _transfer = transfer;
            _owner = new OwnerReadAccess(transfer);
        }

        /// <summary>A HEAD on the upload's URL, within the throttle of HEADs and with retries: the length and ETag the CDN serves, and how it was read.</summary>
        public async Task<ServedFile> HeadAsync(UploadRequest request, Uri fileUrl, CancellationToken cancellationToken)
        {
            if (request.Acl == null || request.Acl.Default == FalAclDecision.Allow)
            {
                try
                {
                    return new ServedFile(await HeadAsync(request, fileUrl, null, cancellationToken).ConfigureAwait(false), fileUrl, null);
                }
                catch (FalApiException ex) when (ex.StatusCode == HttpStatusCode.Forbidden || ex.StatusCode == HttpStatusCode.NotFound)
                {
                    // Not public to everyone: read it as its owner.
                }
            }

            var (url, token) = await _owner.ForAsync(fileUrl, request.FileName, cancellationToken).ConfigureAwait(false);
            return new ServedFile(await HeadAsync(request, url, token, cancellationToken).ConfigureAwait(false), url, token);
        }

        /// <summary>
        /// -Verify, a phase of its own with a progress bar of its own (reading the upload back takes as long as sending
        /// it): the CDN serves <paramref name="length"/> bytes with the source's SHA-256, which it returns. The source's
        /// is <paramref name="sentSha256"/> when it was hashed on the way up, else made alongside the read-back.
        /// </summary>
        /// <param name="served">The HEAD already made of <paramref name="fileUrl"/>, if one was; otherwise one is made.</param>
        public async Task<string> VerifyAsync(
            UploadRequest request, Uri fileUrl, long length, string? sentSha256, ServedFile? served, CancellationToken cancellationToken)
        {
            var progress = _transfer.Monitor.StartVerify(request.FileName, length);
            try
            {
                served ??= await HeadAsync(request, fileUrl, cancellationToken).ConfigureAwait(false);
                var head = served.Head;
                if (head.Length != length)
                {
                    throw new VerificationException(
                        $"{Sentence.Capitalize(request.Source.Description)} has {length} bytes, but {SafeUrl.Describe(fileUrl)} serves {(head.Length?.ToString(CultureInfo.InvariantCulture) ?? "an unknown number of")} bytes.");
                }

                var localHash = sentSha256 != null ? Task.FromResult<string?>(sentSha256) : Task.Run(() => request.Source.ComputeSha256Async(cancellationToken), cancellationToken);
                var servedHash = await _transfer.Requests.SendAsync(
                    $"GET '{request.FileName}'",
                    (_, token) =>
                    {
                        progress.Restart();
                        return _transfer.Client.HashServedContentAsync(served.ReadUrl, served.Token, progress.AddBytesRead, token);
                    },
                    cancellationToken).ConfigureAwait(false);
                var sourceHash = await localHash.ConfigureAwait(false);
                if (sourceHash != servedHash)
                {
                    throw new VerificationException(
                        $"{SafeUrl.Describe(fileUrl)} does not serve the bytes of {request.Source.Description}: SHA-256 {servedHash} served, {sourceHash} sent.");
                }

                return servedHash;
            }
            finally
            {
                _transfer.Monitor.EndVerify(progress);
            }
        }

        private Task<ServedHead> HeadAsync(UploadRequest request, Uri url, CdnTokenLease? token, CancellationToken cancellationToken) =>
            _transfer.Heads.SendAsync($"HEAD '{request.FileName}'", (_, attempt) => _transfer.Client.GetServedHeadAsync(url, token, attempt), cancellationToken);
    }
}
