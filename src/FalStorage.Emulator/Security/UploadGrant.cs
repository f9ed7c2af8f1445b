namespace FalStorage.Emulator.Security;

/// <summary>A signed, expiring grant to upload one object: the query string carries the credential.</summary>
internal readonly record struct UploadGrant(DateTimeOffset ExpiresAt, string Query);
