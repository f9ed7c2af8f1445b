using System;
using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Transfer;

namespace FalStorage.Core.Credentials
{
    /// <summary>
    /// How a command reads, as its owner, a file its ACL keeps from others (a private or hidden upload read back by
    /// -Verify or -SkipUnchanged): with the session's CDN token where the service offers one and the file is on the
    /// token's CDN, else through a short signed link from the Platform API. Never with the key, and never a
    /// credential to another host.
    /// </summary>
    internal sealed class OwnerReadAccess
    {
        /// <summary>Long enough for the slowest read-back, short enough to be worth little to anyone who sees it.</summary>
        private static readonly TimeSpan SignedLinkLife = TimeSpan.FromHours(1);

        private readonly CommandTransfer _transfer;
        private readonly CdnAccess _cdn;

        public OwnerReadAccess(CommandTransfer transfer)
        {
            _transfer = transfer;
            _cdn = new CdnAccess(transfer);
        }

        /// <summary>What to read for <paramref name="fileUrl"/>, and the token to read it with, if any.</summary>
        public async Task<(Uri Url, CdnTokenLease? Token)> ForAsync(Uri fileUrl, string fileName, CancellationToken cancellationToken)
        {
            var (token, _) = await _cdn.TokenForAsync(fileUrl, cancellationToken).ConfigureAwait(false);
            if (token != null)
            {
                return (fileUrl, token);
            }

            var platform = _transfer.Platform ?? throw new InvalidOperationException(
                $"'{fileName}' is not public, and this session has no way to read it as its owner: the service offers no CDN token for {SafeUrl.Describe(fileUrl)}, and no Platform API to sign a link.");
            var signed = await _transfer.Requests.SendAsync(
                $"Signing a link to read back '{fileName}'",
                (_, attempt) => platform.SignAsync(fileUrl, SignedLinkLife, attempt),
                cancellationToken).ConfigureAwait(false);
            return (signed, null);
        }
    }
}
