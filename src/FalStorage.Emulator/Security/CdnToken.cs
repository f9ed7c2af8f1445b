namespace FalStorage.Emulator.Security;

/// <summary>A CDN token and when it expires.</summary>
internal readonly record struct CdnToken(string Value, DateTimeOffset ExpiresAt);
