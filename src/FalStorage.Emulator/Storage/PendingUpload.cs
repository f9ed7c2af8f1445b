namespace FalStorage.Emulator.Storage;

/// <summary>An initiated upload: what the initiate call said about the object to come.</summary>
/// <remarks>Kept until the URL expires, not just until the first PUT, so a client may retry the PUT
/// (the last complete one wins), as signed URLs of real object stores allow.</remarks>
internal sealed record PendingUpload(
    string Id,
    string ContentType,
    string FileName,
    string KeyFingerprint,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);
