using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace FalStorage.Emulator.Security;

/// <summary>Checks <c>Authorization: Key &lt;key&gt;</c> against the configured keys.</summary>
/// <remarks>Only SHA-256 digests of the keys are kept and compared, in constant time: equal-length digests
/// mean neither the content nor the length of a key leaks through timing.</remarks>
internal sealed class KeyAuthenticator
{
    private const string Scheme = "Key";
    private const int FingerprintLength = 16;

    private readonly byte[][] acceptedDigests;

    public KeyAuthenticator(IEnumerable<string> keys)
    {
        acceptedDigests = keys.Select(Digest).ToArray();
        if (acceptedDigests.Length == 0)
        {
            throw new ArgumentException("At least one key is required.", nameof(keys));
        }
    }

    /// <summary>A truncated SHA-256 of the key: enough to tell keys apart in metadata, never the key itself.</summary>
    public static string Fingerprint(string key) => FingerprintOf(Digest(key));

    public bool TryAuthenticate(StringValues authorization, out string fingerprint, out string failure)
    {
        fingerprint = failure = "";
        if (authorization.Count == 0)
        {
            failure = "Missing Authorization header. Send 'Authorization: Key <your fal key>'.";
            return false;
        }

        var value = authorization.Count == 1 ? authorization[0] ?? "" : "";
        if (!value.StartsWith(Scheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            failure = "Malformed Authorization header. Send 'Authorization: Key <your fal key>'.";
            return false;
        }

        var digest = Digest(value[(Scheme.Length + 1)..].Trim());
        var match = false;
        foreach (var accepted in acceptedDigests)
        {
            // No early exit: the time taken does not depend on which key (if any) matched.
            match |= CryptographicOperations.FixedTimeEquals(digest, accepted);
        }

        if (!match)
        {
            failure = "Invalid API key.";
            return false;
        }

        fingerprint = FingerprintOf(digest);
        return true;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static string FingerprintOf(byte[] digest) => Convert.ToHexStringLower(digest)[..FingerprintLength];
}
