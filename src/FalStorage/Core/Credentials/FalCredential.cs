using System;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;

namespace FalStorage.Core.Credentials
{
    /// <summary>
    /// A fal API key. The key is only ever handed out as an Authorization header value;
    /// everything that could be printed shows <see cref="Masked"/>.
    /// </summary>
    internal sealed class FalCredential
    {
        private const int VisibleSuffixLength = 4;
        private const int MinimumLengthToShowSuffix = 16;

        private readonly string _key;

        public FalCredential(string key, string source)
        {
            // No parameter name on these: ArgumentException would add "(Parameter 'key')", a C# name the user never typed.
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new ArgumentException($"The fal API key {Origin(source)} is empty: give the key, as fal's dashboard shows it.");
            }

            _key = key.Trim();

            // The key travels in an HTTP header: a line break would end it there and send the rest as headers of its own.
            if (_key.Any(c => c < ' ' || c > '~'))
            {
                throw new ArgumentException(
                    $"The fal API key {Origin(source)} contains a line break, a control character or a non-ASCII character, which an HTTP header cannot carry: give the key again, on one line and with nothing else in it.");
            }

            Source = source;
        }

        /// <summary>fal keys issued as an id/secret pair travel as one string: "id:secret".</summary>
        public static FalCredential FromIdAndSecret(string keyId, string keySecret, string source)
        {
            if (string.IsNullOrWhiteSpace(keyId) || string.IsNullOrWhiteSpace(keySecret))
            {
                throw new ArgumentException("Both the key id and the key secret are needed.");
            }

            return new FalCredential(keyId.Trim() + ":" + keySecret.Trim(), source);
        }

        /// <summary>Where the key came from (a parameter, a credential, an environment variable).</summary>
        public string Source { get; }

        /// <summary>The key with all but its last characters hidden; short keys are hidden whole.</summary>
        public string Masked => _key.Length >= MinimumLengthToShowSuffix
            ? "****" + _key.Substring(_key.Length - VisibleSuffixLength)
            : "****";

        public string AuthorizationHeaderValue => "Key " + _key;


        /// <summary>Puts the key in the request's Authorization header: the one place a request gets it.</summary>

        public void Authorize(HttpRequestMessage request) => request.Headers.TryAddWithoutValidation("Authorization", AuthorizationHeaderValue);

        /// <summary>
        /// Replaces the key with <see cref="Masked"/> in a server's message; for an id:secret key the secret too,
        /// since a service may quote the part it found wrong.
        /// </summary>
        public string Redact(string text)
        {
            var redacted = text.Replace(_key, Masked);
            var colon = _key.IndexOf(':');
            return colon < 0 || colon == _key.Length - 1 ? redacted : redacted.Replace(_key.Substring(colon + 1), Masked);
        }

        /// <summary>How <see cref="Scope"/> starts when it is a hash of the key rather than the key's id.</summary>
        public const string HashedScopePrefix = "hmac-sha256:";

        /// <summary>
        /// The account this key belongs to, in a form that may be written down: "id:" and the key's id for an
        /// id:secret key (the id is no secret), else an HMAC of the whole key under <paramref name="salt"/>.
        /// </summary>
        public string Scope(byte[] salt)
        {
            var colon = _key.IndexOf(':');
            if (colon > 0 && colon < _key.Length - 1)
            {
                return "id:" + _key.Substring(0, colon);
            }

            using (var hmac = new HMACSHA256(salt))
            {
                return HashedScopePrefix + Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(_key)));
            }
        }

        public override string ToString() => Masked;

        /// <summary>Where a key came from, as a message says it: the parameter it was given with, or the variables it was read from.</summary>
        private static string Origin(string source) => source switch
        {
            "Parameter" => "given with -Key",
            "Credential" => "given with -Credential",
            _ => "read from " + source,
        };
    }
}
