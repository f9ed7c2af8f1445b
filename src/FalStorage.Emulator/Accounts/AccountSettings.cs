using FalStorage.Emulator.Access;

namespace FalStorage.Emulator.Accounts;

/// <summary>A user's defaults for new uploads (<c>/v1/storage/settings</c>); null fields are the system defaults:
/// never expires, public.</summary>
internal sealed record AccountSettings(long? ExpirationDurationSeconds, ObjectAcl? InitialAcl)
{
    public static readonly AccountSettings Defaults = new(null, null);
}
