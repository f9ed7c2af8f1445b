using FalStorage.Emulator.Accounts;
using FalStorage.Emulator.Security;

namespace FalStorage.Emulator.Http;

/// <summary>Answers 401 unless the request carries an accepted <c>Authorization: Key</c>.</summary>
internal sealed class FalKeyFilter(KeyAuthenticator authenticator, UserDirectory users) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!authenticator.TryAuthenticate(http.Request.Headers.Authorization, out var fingerprint, out var failure))
        {
            http.Response.Headers.WWWAuthenticate = "Key";
            return ApiErrors.Detail(StatusCodes.Status401Unauthorized, failure);
        }

        http.Features.Set(new AuthenticatedCaller(fingerprint, users.ByFingerprint(fingerprint)!));
        return await next(context);
    }
}
