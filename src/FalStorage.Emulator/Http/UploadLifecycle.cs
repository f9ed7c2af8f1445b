using FalStorage.Emulator.Access;

namespace FalStorage.Emulator.Http;

/// <summary>What an upload's lifecycle header asks for; each null where it says nothing (the owner's settings apply).</summary>
/// <param name="Acl">Its rules name users as sent, nicknames or ids, not yet resolved.</param>
internal sealed record UploadLifecycle(long? ExpirationDurationSeconds, ObjectAcl? Acl)
{
    public static readonly UploadLifecycle None = new(null, null);

    public bool SameAs(UploadLifecycle other) =>
        ExpirationDurationSeconds == other.ExpirationDurationSeconds && (Acl is null ? other.Acl is null : Acl.SameAs(other.Acl));
}
