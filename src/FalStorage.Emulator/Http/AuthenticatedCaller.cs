namespace FalStorage.Emulator.Http;

/// <summary>The caller's key, once checked: only its fingerprint travels on.</summary>
internal sealed record AuthenticatedCaller(string KeyFingerprint);
