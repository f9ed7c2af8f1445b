using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FalStorage.Emulator.Security;

/// <summary>Signs and verifies the read links of <c>POST /v1/storage/files/sign</c>: the file URL plus
/// <c>?identity={owner's user id}&amp;expires={unix seconds}&amp;signature={HMAC-SHA256, base64url}</c>.</summary>
/// <remarks>The signature covers the object id, the identity and the expiry, under a key derived from the URL signing
/// key for this use alone (so it never passes for an upload URL's signature or a token's MAC). A link reads as its
/// identity, the owner, whatever the file's ACL; nothing is stored, so links survive a restart on the same data folder.</remarks>
internal sealed class SignedLinkSigner(byte[] signingKey, TimeProvider time)
{
    public const string IdentityParameter = "identity";

    /// <summary>fal's limit for a signed URL: 7 days.</summary>
    public const long MaxSeconds = 7 * 24 * 60 * 60;

    private readonly byte[] key = HMACSHA256.HashData(signingKey, "fal-emulator signed-link v1"u8);

    /// <summary>The query to append to the file URL, and when the link expires.</summary>
    public (string Query, DateTimeOffset ExpiresAt) Sign(string objectId, string identity, long seconds)
    {
        // Whole seconds, rounded down, as upload URLs: the link never lives longer than asked.
        var expires = (time.GetUtcNow() + TimeSpan.FromSeconds(seconds)).ToUnixTimeSeconds();
        var query = $"?{IdentityParameter}={Uri.EscapeDataString(identity)}"
            + $"&{UrlSigner.ExpiresParameter}={expires.ToString(CultureInfo.InvariantCulture)}"
            + $"&{UrlSigner.SignatureParameter}={Compute(objectId, identity, expires)}";
        return (query, DateTimeOffset.FromUnixTimeSeconds(expires));
    }

    /// <summary>Checks a link's query, compared with the one spelling handed out, in constant time.</summary>
    public SignatureCheck Verify(string objectId, string? identity, string? expires, string? signature)
    {
        if (identity is null
            || signature is null
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt)
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(signature), Encoding.ASCII.GetBytes(Compute(objectId, identity, expiresAt))))
        {
            return SignatureCheck.Invalid;
        }

        return time.GetUtcNow() >= DateTimeOffset.FromUnixTimeSeconds(expiresAt) ? SignatureCheck.Expired : SignatureCheck.Valid;
    }

    private string Compute(string objectId, string identity, long expires) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"read\n{objectId}\n{identity}\n{expires.ToString(CultureInfo.InvariantCulture)}")));
}
