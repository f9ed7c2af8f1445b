using System;
using System.Collections;

namespace FalStorage.Core.Api
{
    /// <summary>
    /// Where a session's Platform API requests go (ACLs, signed links, settings): fal's own base for fal's hosts,
    /// <c>&lt;endpoint&gt;/v1</c> for any other endpoint (the local emulator serves it there), unless one is named.
    /// </summary>
    internal static class PlatformEndpoint
    {
        public const string Variable = "FAL_PLATFORM_ENDPOINT";
        public const string FalBase = "https://api.fal.ai/v1";

        /// <summary>The endpoint given, else FAL_PLATFORM_ENDPOINT, else the one that goes with <paramref name="restEndpoint"/>.</summary>
        public static Uri Resolve(string? given, IDictionary environment, Uri restEndpoint)
        {
            var text = given ?? (environment[Variable] as string is string set && !string.IsNullOrWhiteSpace(set) ? set.Trim() : null);
            if (text == null)
            {
                return IsFalHost(restEndpoint) ? new Uri(FalBase) : new Uri(restEndpoint.AbsoluteUri.TrimEnd('/') + "/v1");
            }

            return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && string.IsNullOrEmpty(uri.Query)
                ? uri
                : throw new ArgumentException($"'{text}' is not a usable fal Platform API endpoint: give an http or https URL such as {FalBase}.");
        }

        private static bool IsFalHost(Uri endpoint) =>
            endpoint.Scheme == Uri.UriSchemeHttps &&
            (endpoint.Host.Equals("fal.ai", StringComparison.OrdinalIgnoreCase) || endpoint.Host.EndsWith(".fal.ai", StringComparison.OrdinalIgnoreCase));
    }
}
