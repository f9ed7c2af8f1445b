using System;
using System.Collections;
using System.Linq;
using System.Net;

namespace FalStorage.Core.Http
{
    /// <summary>
    /// HTTPS_PROXY / HTTP_PROXY / ALL_PROXY / NO_PROXY with the rules .NET (Core) applies to them, so
    /// Windows PowerShell 5.1, whose .NET Framework knows only the system proxy, behaves like PowerShell 7.
    /// </summary>
    internal sealed class EnvironmentProxy : IWebProxy
    {
        // NO_PROXY lists hosts separated by commas or spaces; a proxy's user info is name:password.
        private static readonly char[] ListSeparators = { ',', ' ' };
        private static readonly char[] UserInfoSeparator = { ':' };

        private readonly Uri? _httpProxy;
        private readonly Uri? _httpsProxy;
        private readonly string[] _bypassedHosts;

        private EnvironmentProxy(Uri? httpProxy, Uri? httpsProxy, string[] bypassedHosts)
        {
            _httpProxy = httpProxy;
            _httpsProxy = httpsProxy;
            _bypassedHosts = bypassedHosts;
            Credentials = CredentialsFrom(httpsProxy ?? httpProxy);
        }

        public ICredentials? Credentials { get; set; }

        /// <summary>The proxy the environment names, or null when it names none.</summary>
        public static EnvironmentProxy? FromEnvironment(IDictionary environment)
        {
            var httpProxy = ParseProxy(Read(environment, "HTTP_PROXY"));
            var httpsProxy = ParseProxy(Read(environment, "HTTPS_PROXY"));
            if (httpProxy == null && httpsProxy == null)
            {
                httpProxy = httpsProxy = ParseProxy(Read(environment, "ALL_PROXY"));
                if (httpProxy == null)
                {
                    return null;
                }
            }

            var bypassed = (Read(environment, "NO_PROXY") ?? string.Empty)
                .Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries)
                .Select(entry => entry.Trim().TrimStart('*').TrimStart('.').ToLowerInvariant())
                .ToArray();
            return new EnvironmentProxy(httpProxy, httpsProxy, bypassed);
        }

        public Uri? GetProxy(Uri destination) =>
            IsBypassed(destination) ? destination : (destination.Scheme == Uri.UriSchemeHttps ? _httpsProxy : _httpProxy);

        public bool IsBypassed(Uri host)
        {
            var proxy = host.Scheme == Uri.UriSchemeHttps ? _httpsProxy : _httpProxy;
            if (proxy == null || host.IsLoopback)
            {
                return true;
            }

            var name = host.Host.ToLowerInvariant();
            return _bypassedHosts.Any(entry =>
                entry.Length == 0 || name == entry || name.EndsWith("." + entry, StringComparison.Ordinal));
        }

        // Variables are read upper case first, then lower case, as curl does.
        private static string? Read(IDictionary environment, string name)
        {
            var value = environment[name] as string ?? environment[name.ToLowerInvariant()] as string;
            return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
        }

        private static Uri? ParseProxy(string? text)
        {
            if (text == null)
            {
                return null;
            }

            var withScheme = text.IndexOf("://", StringComparison.Ordinal) < 0 ? "http://" + text : text;
            return Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) ? uri : null;
        }

        private static NetworkCredential? CredentialsFrom(Uri? proxy)
        {
            if (proxy == null || string.IsNullOrEmpty(proxy.UserInfo))
            {
                return null;
            }

            var parts = proxy.UserInfo.Split(UserInfoSeparator, 2);
            return new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
        }
    }
}
