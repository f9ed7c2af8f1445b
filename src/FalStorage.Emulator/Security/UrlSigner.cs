using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FalStorage.Emulator.Security;

internal enum SignatureCheck
{
    Valid,
    Invalid,
    Expired,
}

/// <summary>A signed, expiring grant to upload one object: the query string carries the credential.</summary>
internal readonly record struct UploadGrant(DateTimeOffset ExpiresAt, string Query);

/// <summary>Signs and verifies upload URLs with HMAC-SHA256 over the upload id and the expiry.</summary>
/// <remarks>The signature covers the id, not the path, so later per-part and completion URLs
/// (<c>{upload_url path}/{N}?{same query}</c>) verify with the same query.</remarks>
internal sealed class UrlSigner
{
    public const string ExpiresParameter = "expires";
    public const string SignatureParameter = "signature";

    public const int KeySize = 32;

    private readonly byte[] key;
    private readonly TimeSpan lifetime;
    private readonly TimeProvider time;

    public UrlSigner(byte[] key, TimeSpan lifetime, TimeProvider time)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"The signing key must be {KeySize} bytes.", nameof(key));
        }

        this.key = key;
        this.lifetime = lifetime;
        this.time = time;
    }

    public UploadGrant Sign(string uploadId)
    {
        // Whole seconds, rounded down: the URL never lives longer than the configured lifetime.
        var expires = (time.GetUtcNow() + lifetime).ToUnixTimeSeconds();
        var query = $"?{ExpiresParameter}={expires.ToString(CultureInfo.InvariantCulture)}"
            + $"&{SignatureParameter}={Base64Url.EncodeToString(Compute(uploadId, expires))}";
        return new UploadGrant(DateTimeOffset.FromUnixTimeSeconds(expires), query);
    }

    public SignatureCheck Verify(string uploadId, string? expires, string? signature)
    {
        Span<byte> presented = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt)
            || signature is null
            || !Base64Url.TryDecodeFromChars(signature, presented, out var written)
            || written != presented.Length
            || !CryptographicOperations.FixedTimeEquals(presented, Compute(uploadId, expiresAt)))
        {
            return SignatureCheck.Invalid;
        }

        // Checked only after the signature, so the answer never reveals anything about an unsigned expiry.
        return time.GetUtcNow() >= DateTimeOffset.FromUnixTimeSeconds(expiresAt) ? SignatureCheck.Expired : SignatureCheck.Valid;
    }

    private byte[] Compute(string uploadId, long expires) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"upload\n{uploadId}\n{expires.ToString(CultureInfo.InvariantCulture)}"));
}
