using System;
using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Transfer;

namespace FalStorage.Core.Credentials
{
    /// <summary>
    /// The session's CDN token for reading its own private files (downloads, and uploads read back): handed out only
    /// for a URL on the token's CDN (<see cref="CdnHosts.Accepts"/>), never for any other host; the key itself never
    /// goes to the CDN. The token is the one the session's uploads share (<see cref="CdnTokenCache"/>).
    /// </summary>
    internal sealed class CdnAccess
    {
        private readonly CommandTransfer _transfer;

        public CdnAccess(CommandTransfer transfer)
        {
            _transfer = transfer;
        }

        /// <summary>
        /// The session's token if <paramref name="url"/> is on its CDN; null when it is elsewhere or the service
        /// offers no token. <c>CdnHost</c> names the session's CDN host, for the message of a refusal.
        /// </summary>
        public async Task<(CdnTokenLease? Token, string? CdnHost)> TokenForAsync(Uri url, CancellationToken cancellationToken)
        {
            var token = await _transfer.Client.CdnTokens.GetAsync(_transfer.FetchCdnTokenAsync, cancellationToken).ConfigureAwait(false);
            if (token == null)
            {
                return (null, null);
            }

            return (CdnHosts.Accepts(url, token) ? token : null, token.BaseUrl.GetLeftPart(UriPartial.Authority));
        }

        /// <summary>The CDN refused the token: the next request fetches a new one.</summary>
        public void Refused(CdnTokenLease token) => _transfer.Client.CdnTokens.Refused(token);
    }
}
