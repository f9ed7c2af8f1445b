using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FalStorage.Emulator.Storage;

namespace FalStorage.Emulator.Security;

/// <summary>Signs and verifies upload URLs with HMAC-SHA256 over the upload kind, the upload id and the expiry.</summary>
/// <remarks>
/// fal's clients derive every multipart URL from the one <c>upload_url</c> they were given: part N is
/// <c>{upload_url path}/{N}{upload_url query}</c> and completion is <c>{upload_url path}/complete{upload_url query}</c>.
/// One query string therefore has to authorize every part number and the completion, so the signature cannot cover
/// the part number (or the path). It covers what it can: the id, the kind (a single upload's URL is refused on the
/// part and complete routes, a multipart upload's URL on the single PUT) and the expiry.
/// </remarks>
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

    public UploadGrant Sign(UploadKind kind, string uploadId)
    {
        // Whole seconds, rounded down: the URL never lives longer than the configured lifetime.
        var expires = (time.GetUtcNow() + lifetime).ToUnixTimeSeconds();
        var query = $"?{ExpiresParameter}={expires.ToString(CultureInfo.InvariantCulture)}"
            + $"&{SignatureParameter}={Base64Url.EncodeToString(Compute(kind, uploadId, expires))}";
        return new UploadGrant(DateTimeOffset.FromUnixTimeSeconds(expires), query);
    }

    public SignatureCheck Verify(UploadKind kind, string uploadId, string? expires, string? signature)
    {
        // The presented text is compared with the one encoding we hand out, rather than decoded: decoding throws on
        // junk (a 500) and lets other spellings of the same bytes through (padding, spaces, stray low bits).
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt)
            || signature is null
            || !CryptographicOperations.FixedTimeEquals(
                Encoding.UTF8.GetBytes(signature), Encoding.ASCII.GetBytes(Base64Url.EncodeToString(Compute(kind, uploadId, expiresAt)))))
        {
            return SignatureCheck.Invalid;
        }

        // Checked only after the signature, so the answer never reveals anything about an unsigned expiry.
        return time.GetUtcNow() >= DateTimeOffset.FromUnixTimeSeconds(expiresAt) ? SignatureCheck.Expired : SignatureCheck.Valid;
    }

    // The single upload's message is the one earlier versions signed, so their URLs stay valid across an update.
    private byte[] Compute(UploadKind kind, string uploadId, long expires) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(
            $"{(kind == UploadKind.Multipart ? "multipart-upload" : "upload")}\n{uploadId}\n{expires.ToString(CultureInfo.InvariantCulture)}"));
}
