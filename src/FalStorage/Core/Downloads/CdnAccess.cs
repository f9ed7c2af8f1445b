using System;
using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core.Api;
using FalStorage.Core.Credentials;
using FalStorage.Core.Transfer;

namespace FalStorage.Core.Downloads
{
    /// <summary>
    /// The session's CDN token for reading its own private files: handed out only for a URL on the token's own host
    /// (the base_url fal gave it, same scheme, host and port), never for any other; the key itself never goes with a
    /// download. The token is the one the session's uploads share (<see cref="CdnTokenCache"/>).
    /// </summary>
    internal sealed class CdnAccess
    {
        private readonly FalStorageClient _client;
        private readonly ThrottledRequests _requests;

        public CdnAccess(FalStorageClient client, ThrottledRequests requests)
        {
            _client = client;
            _requests = requests;
        }

        /// <summary>
        /// The session's token if <paramref name="url"/> is on its CDN host; null when it is elsewhere or the service
        /// offers no token. <paramref name="cdnHost"/> names the session's CDN host, for the message of a refusal.
        /// </summary>
        public async Task<(CdnTokenLease? Token, string? CdnHost)> TokenForAsync(Uri url, CancellationToken cancellationToken)
        {
            var token = await _client.CdnTokens.GetAsync(
                fetching => _requests.SendAsync("Getting the session's CDN token", (_, attempt) => _client.GetCdnTokenAsync(attempt), fetching),
                cancellationToken).ConfigureAwait(false);
            if (token == null)
            {
                return (null, null);
            }

            return (IsOnHost(url, token.BaseUrl) ? token : null, token.BaseUrl.GetLeftPart(UriPartial.Authority));
        }

        /// <summary>The CDN refused the token: the next request fetches a new one.</summary>
        public void Refused(CdnTokenLease token) => _client.CdnTokens.Refused(token);

        /// <summary>Same scheme, host and port: a token for https://cdn never goes to http://cdn, nor to cdn.evil.example.</summary>
        public static bool IsOnHost(Uri url, Uri host) =>
            string.Equals(url.Scheme, host.Scheme, StringComparison.OrdinalIgnoreCase) &&
            string.Equals(url.IdnHost, host.IdnHost, StringComparison.OrdinalIgnoreCase) &&
            url.Port == host.Port;
    }
}
