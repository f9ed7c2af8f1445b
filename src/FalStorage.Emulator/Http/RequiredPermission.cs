using FalStorage.Emulator.Accounts;

namespace FalStorage.Emulator.Http;

/// <summary>Endpoint metadata: the key permission a Platform API route needs (<see cref="PlatformKeyFilter"/>).</summary>
internal sealed record RequiredPermission(KeyPermissions Permission);
