using FalStorage.Emulator.Accounts;
using FalStorage.Emulator.Security;

namespace FalStorage.Emulator.Http;

/// <summary>The Platform API's check: an accepted <c>Authorization: Key</c> (else 401), whose user has the route's
/// <see cref="RequiredPermission"/> (else 403 naming it), in the Platform API's error shape.</summary>
internal sealed class PlatformKeyFilter(KeyAuthenticator authenticator, UserDirectory users) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!authenticator.TryAuthenticate(http.Request.Headers.Authorization, out var fingerprint, out var failure))
        {
            http.Response.Headers.WWWAuthenticate = "Key";
            return PlatformErrors.Error(StatusCodes.Status401Unauthorized, failure);
        }

        var user = users.ByFingerprint(fingerprint)!;
        var needed = http.GetEndpoint()!.Metadata.GetRequiredMetadata<RequiredPermission>().Permission;
        if (!user.Permissions.HasFlag(needed))
        {
            return PlatformErrors.Error(
                StatusCodes.Status403Forbidden,
                $"This key lacks the permission {KeyPermissionNames.Of(needed)}. Use a key that has it, or give this one it.");
        }

        http.Features.Set(new AuthenticatedCaller(fingerprint, user));
        return await next(context);
    }
}
