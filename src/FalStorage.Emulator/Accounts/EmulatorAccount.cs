namespace FalStorage.Emulator.Accounts;

/// <summary>A user as the running emulator knows it (<see cref="FalStorageEmulator.Users"/>): never its key.</summary>
/// <param name="Id">The user id, <c>usr_</c> and 24 hex digits, stable for the nickname and the data folder.</param>
/// <param name="KeyFingerprint">The fingerprint of its key (<see cref="FalStorageEmulator.FingerprintKey"/>).</param>
public sealed record EmulatorAccount(string Id, string Nickname, KeyPermissions Permissions, string KeyFingerprint);
