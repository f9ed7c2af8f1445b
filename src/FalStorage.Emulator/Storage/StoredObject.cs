using System.Text.Json.Serialization;
using FalStorage.Emulator.Access;

namespace FalStorage.Emulator.Storage;

/// <summary>A completely uploaded object, as recorded beside its bytes.</summary>
/// <param name="Id">Generated id; the storage name and the first segment of the file URL.</param>
/// <param name="FileName">The name given when the upload was initiated; for display only.</param>
/// <param name="ContentType">The type given when the upload was initiated; served as Content-Type.</param>
/// <param name="Length">Size in bytes.</param>
/// <param name="Sha256">SHA-256 of the bytes, lowercase hex (of the whole object, also when it came in parts).</param>
/// <param name="KeyFingerprint">Fingerprint of the API key that initiated the upload (<see cref="FalStorageEmulator.FingerprintKey"/>).</param>
/// <param name="CreatedAt">When the upload completed.</param>
public sealed record StoredObject(
    string Id,
    string FileName,
    string ContentType,
    long Length,
    string Sha256,
    string KeyFingerprint,
    DateTimeOffset CreatedAt)
{
    /// <summary>When the object disappears (404 at its file URL), from the upload's <c>X-Fal-Object-Lifecycle</c>
    /// (<c>CreatedAt</c> plus <c>expiration_duration_seconds</c>). Null: it never expires.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>How many parts a multipart upload assembled it from; 0 for a single PUT.</summary>
    public int PartCount { get; init; }

    /// <summary>The id of the user who uploaded it (<see cref="FalStorageEmulator.Users"/>); null for objects stored
    /// before the emulator had users (their key's user owns them).</summary>
    public string? Owner { get; init; }

    /// <summary>Who may read it from the CDN, rules naming users by id; null: public (anyone).</summary>
    public ObjectAcl? Acl { get; init; }

    /// <summary>The strong entity tag served with the object: its SHA-256 in quotes.</summary>
    [JsonIgnore]
    public string ETag => $"\"{Sha256}\"";
}
