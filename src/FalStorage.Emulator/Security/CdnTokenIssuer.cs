using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FalStorage.Emulator.Security;

/// <summary>Issues and verifies the bearer tokens of the CDN token flow (<c>POST /storage/auth/token</c>).</summary>
/// <remarks>
/// A token is <c>{caller}.{expires}.{nonce}.{mac}</c>, all base64url but the expiry (Unix seconds). <c>caller</c> is an
/// HMAC of the key's fingerprint, so the token reveals nothing of the key, not even the fingerprint, to anyone without
/// the emulator's secret; <c>mac</c> is an HMAC over the rest. Nothing is stored: the token carries what verifying
/// needs, so tokens survive a restart on the same data folder with the same keys, and nothing can leak from disk. The
/// HMAC key is derived from the URL signing key for this use alone, so a token's MAC never passes for a URL signature.
/// </remarks>
internal sealed class CdnTokenIssuer
{
    public const string Scheme = "Bearer";

    private const int CallerBytes = 16;
    private const int NonceBytes = 16;

    private readonly byte[] key;
    private readonly TimeSpan lifetime;
    private readonly TimeProvider time;
    private readonly Dictionary<string, string> fingerprintsByCaller;

    /// <param name="keyFingerprints">The fingerprints of the keys the emulator accepts (<see cref="KeyAuthenticator.Fingerprint"/>).</param>
    public CdnTokenIssuer(byte[] signingKey, IEnumerable<string> keyFingerprints, TimeSpan lifetime, TimeProvider time)
    {
        key = HMACSHA256.HashData(signingKey, "fal-emulator cdn-token v1"u8);
        this.lifetime = lifetime;
        this.time = time;
        fingerprintsByCaller = keyFingerprints.Distinct(StringComparer.Ordinal).ToDictionary(CallerOf, fingerprint => fingerprint, StringComparer.Ordinal);
    }

    /// <param name="requestedSeconds">The life the caller asked for (<c>expiration_seconds</c>), 1 or more; the
    /// configured lifetime bounds it. Null: the configured lifetime.</param>
    public CdnToken Issue(string keyFingerprint, long? requestedSeconds = null)
    {
        var life = requestedSeconds is { } seconds && seconds < lifetime.TotalSeconds ? TimeSpan.FromSeconds(seconds) : lifetime;

        // Whole seconds, rounded down, as expires_at shows them: the token never lives longer than it was given.
        var expires = (time.GetUtcNow() + life).ToUnixTimeSeconds();
        var unsigned = $"{CallerOf(keyFingerprint)}.{expires.ToString(CultureInfo.InvariantCulture)}.{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(NonceBytes))}";
        return new CdnToken($"{unsigned}.{Mac(unsigned)}", DateTimeOffset.FromUnixTimeSeconds(expires));
    }

    /// <summary>Checks a token; on <see cref="TokenCheck.Valid"/>, <paramref name="keyFingerprint"/> names the key it was issued for.</summary>
    public TokenCheck Verify(string token, out string keyFingerprint)
    {
        keyFingerprint = "";
        var lastDot = token.LastIndexOf('.');
        var fields = token.Split('.');
        if (fields.Length != 4
            || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(fields[3]), Encoding.ASCII.GetBytes(Mac(token[..lastDot]))))
        {
            // Compared with the one spelling handed out, in constant time (as upload URL signatures are).
            return TokenCheck.Invalid;
        }

        if (!fingerprintsByCaller.TryGetValue(fields[0], out var fingerprint))
        {
            return TokenCheck.KeyNotAccepted;
        }

        if (time.GetUtcNow() >= DateTimeOffset.FromUnixTimeSeconds(expires))
        {
            return TokenCheck.Expired;
        }

        keyFingerprint = fingerprint;
        return TokenCheck.Valid;
    }

    private string CallerOf(string keyFingerprint) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("caller\n" + keyFingerprint)).AsSpan(0, CallerBytes));

    private string Mac(string unsigned) => Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("token\n" + unsigned)));
}
