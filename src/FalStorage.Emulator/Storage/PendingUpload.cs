using FalStorage.Emulator.Access;

namespace FalStorage.Emulator.Storage;

/// <summary>An initiated upload: what the initiate call said about the object to come.</summary>
/// <remarks>Kept until the URL expires, not just until the first PUT, so a client may retry the PUT
/// (the last complete one wins), as signed URLs of real object stores allow.</remarks>
/// <param name="ExpiresAt">When the upload URL expires (for the token flow: when the upload stops taking parts).</param>
internal sealed record PendingUpload(
    string Id,
    string ContentType,
    string FileName,
    string KeyFingerprint,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt)
{
    /// <summary>Single for records written before multipart existed.</summary>
    public UploadKind Kind { get; init; }

    /// <summary>From <c>X-Fal-Object-Lifecycle</c>: how long the object lives once completed. Null: forever.</summary>
    public long? ExpirationDurationSeconds { get; init; }

    /// <summary>The id of the user who started the upload: the object's owner.</summary>
    public string? Owner { get; init; }

    /// <summary>The object's ACL once completed (from the lifecycle header, else the owner's settings); null: public.</summary>
    public ObjectAcl? Acl { get; init; }

    /// <summary>The <c>uploadId</c> of a multipart upload of the CDN token flow, which its part and completion URLs
    /// carry; null for uploads through signed URLs.</summary>
    public string? UploadId { get; init; }
}
