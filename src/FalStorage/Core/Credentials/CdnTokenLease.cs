using System;
using System.Net.Http;

namespace FalStorage.Core.Credentials
{
    /// <summary>
    /// A CDN upload token from POST /storage/auth/token: as good as the key for uploading, so its value is only
    /// ever handed out as an Authorization header value, and everything that could be printed leaves it out.
    /// </summary>
    internal sealed class CdnTokenLease
    {
        /// <summary>Renewed this long before it expires, so requests under way rarely meet its end.</summary>
        public static readonly TimeSpan MaxRenewalMargin = TimeSpan.FromMinutes(1);

        private readonly string _value;
        private readonly string _scheme;

        public CdnTokenLease(string value, string scheme, Uri baseUrl, DateTimeOffset expiresAt, DateTimeOffset receivedAt)
        {
            _value = value;
            _scheme = scheme;
            BaseUrl = baseUrl;
            ExpiresAt = expiresAt;

            // A short-lived token is renewed a quarter of its life early rather than a minute, so it still serves.
            var lifetime = expiresAt - receivedAt;
            var margin = TimeSpan.FromTicks(Math.Max(0, Math.Min(MaxRenewalMargin.Ticks, lifetime.Ticks / 4)));
            RenewAt = expiresAt - margin;
        }

        /// <summary>The CDN's upload host (base_url), where files go with this token.</summary>
        public Uri BaseUrl { get; }

        public DateTimeOffset ExpiresAt { get; }

        /// <summary>From then on a new token is fetched before the next request.</summary>
        public DateTimeOffset RenewAt { get; }

        public string AuthorizationHeaderValue => _scheme + " " + _value;

        /// <summary>Puts the token in the request's Authorization header: the one place a request gets it.</summary>
        public void Authorize(HttpRequestMessage request) => request.Headers.TryAddWithoutValidation("Authorization", AuthorizationHeaderValue);

        /// <summary>Replaces the token in a server's message, should a service quote what it was sent.</summary>
        public string Redact(string text) => text.Replace(_value, "****");

        public override string ToString() => $"CDN token for {BaseUrl} (expires {ExpiresAt:u})";
    }
}
