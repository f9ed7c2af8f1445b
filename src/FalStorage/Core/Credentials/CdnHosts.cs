using System;

namespace FalStorage.Core.Credentials
{
    /// <summary>Which hosts may receive the session's CDN token: the session's own CDN, and no other.</summary>
    internal static class CdnHosts
    {
        private const string FalCdnDomain = ".fal.media";

        /// <summary>
        /// Whether <paramref name="url"/> is on the CDN the token is for: the host of its base_url (same scheme,
        /// host and port), or, for fal's CDN, another of its hosts over HTTPS (fal serves files from v3.fal.media and
        /// v3b.fal.media whichever of them the token names).
        /// </summary>
        public static bool Accepts(Uri url, CdnTokenLease token)
        {
            var cdn = token.BaseUrl;
            if (Uri.Compare(url, cdn, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
            {
                return true;
            }

            return url.Scheme == Uri.UriSchemeHttps && cdn.Scheme == Uri.UriSchemeHttps && url.IsDefaultPort &&
                url.Host.EndsWith(FalCdnDomain, StringComparison.OrdinalIgnoreCase) && cdn.Host.EndsWith(FalCdnDomain, StringComparison.OrdinalIgnoreCase);
        }
    }
}
