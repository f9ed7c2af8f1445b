using FalStorage.Emulator.Accounts;

namespace FalStorage.Emulator.Http;

/// <summary>The caller's key, once checked, and its user: only the key's fingerprint travels on.</summary>
internal sealed record AuthenticatedCaller(string KeyFingerprint, EmulatorAccount User);
