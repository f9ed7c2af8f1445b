using System;
using System.Collections;

namespace FalStorage.Core.Credentials
{
    /// <summary>Finds a key in the environment the way fal's own clients do.</summary>
    internal static class CredentialResolver
    {
        public const string KeyVariable = "FAL_KEY";
        public const string KeyIdVariable = "FAL_KEY_ID";
        public const string KeySecretVariable = "FAL_KEY_SECRET";
        public const string RestHostVariable = "FAL_REST_HOST";
        public const string DefaultEndpoint = "https://rest.alpha.fal.ai";

        /// <summary>FAL_KEY first, then FAL_KEY_ID with FAL_KEY_SECRET; null when neither is set.</summary>
        public static FalCredential? FromEnvironment(IDictionary environment)
        {
            var key = Read(environment, KeyVariable);
            if (key != null)
            {
                return new FalCredential(key, "Environment:" + KeyVariable);
            }

            var keyId = Read(environment, KeyIdVariable);
            var keySecret = Read(environment, KeySecretVariable);
            if (keyId != null && keySecret != null)
            {
                return FalCredential.FromIdAndSecret(keyId, keySecret, "Environment:" + KeyIdVariable + "+" + KeySecretVariable);
            }

            return null;
        }

        /// <summary>The endpoint given, else FAL_REST_HOST, else fal's public REST host.</summary>
        public static Uri ResolveEndpoint(string? endpoint, IDictionary environment)
        {
            var text = endpoint ?? Read(environment, RestHostVariable) ?? DefaultEndpoint;

            // fal's Python toolkit sets FAL_REST_HOST to a bare host name; a loopback one is a local emulator, on HTTP.
            if (text.IndexOf("://", StringComparison.Ordinal) < 0)
            {
                text = (IsLoopback(text) ? "http://" : "https://") + text;
            }

            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) ||
                (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) ||
                !string.IsNullOrEmpty(uri.Query))
            {
                throw new ArgumentException(
                    $"'{text}' is not a usable fal REST endpoint: give an http or https URL such as {DefaultEndpoint}.");
            }

            return uri;
        }

        private static bool IsLoopback(string hostAndPort) =>
            Uri.TryCreate("http://" + hostAndPort, UriKind.Absolute, out var uri) && uri.IsLoopback;

        private static string? Read(IDictionary environment, string name)
        {
            var value = environment[name] as string;
            return string.IsNullOrWhiteSpace(value) ? null : value;
        }
    }
}
