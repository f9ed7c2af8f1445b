using FalStorage.Emulator.Accounts;
using FalStorage.Emulator.Storage;
using Microsoft.AspNetCore.Http.Features;

namespace FalStorage.Emulator.Http;

/// <summary>Makes the caller the owner of a new upload, with the lifetime and ACL its lifecycle header asks for, and
/// the caller's settings for what the header leaves out (each on its own: a header with only an ACL keeps the
/// settings' lifetime). Rules naming users that do not exist are dropped.</summary>
internal static class UploadOwnership
{
    public static PendingUpload Apply(HttpContext context, PendingUpload upload, UploadLifecycle lifecycle)
    {
        var owner = context.Features.GetRequiredFeature<AuthenticatedCaller>().User;
        var services = context.RequestServices;
        var settings = services.GetRequiredService<SettingsStore>().Get(owner.Id);
        var acl = lifecycle.Acl ?? settings.InitialAcl;
        return upload with
        {
            Owner = owner.Id,
            ExpirationDurationSeconds = lifecycle.ExpirationDurationSeconds ?? settings.ExpirationDurationSeconds,
            Acl = acl is null ? null : services.GetRequiredService<UserDirectory>().Resolve(acl),
        };
    }
}
