using FalStorage.Emulator.Accounts;
using FalStorage.Emulator.Security;

namespace FalStorage.Emulator.Http;

/// <summary>Answers 401 unless the request carries <c>Authorization: Bearer &lt;token&gt;</c> with a valid, unexpired
/// token from <c>POST /storage/auth/token</c>; then the caller is the key the token was issued for.</summary>
/// <remarks>No detail quotes what was sent: a token is a credential.</remarks>
internal sealed class BearerTokenFilter(CdnTokenIssuer tokens, UserDirectory users) : IEndpointFilter
{
    private const string HowTo = "Send 'Authorization: Bearer <token>' with a token from POST " + EmulatorRoutes.Token + ".";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var authorization = http.Request.Headers.Authorization;
        var value = authorization.Count == 1 ? authorization[0] ?? "" : "";
        string? failure = null;
        var fingerprint = "";
        if (authorization.Count == 0)
        {
            failure = "Missing Authorization header. " + HowTo;
        }
        else if (!value.StartsWith(CdnTokenIssuer.Scheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            failure = "Malformed Authorization header (a fal key is not a token here). " + HowTo;
        }
        else
        {
            failure = tokens.Verify(value[(CdnTokenIssuer.Scheme.Length + 1)..].Trim(), out fingerprint) switch
            {
                TokenCheck.Valid => null,
                TokenCheck.Expired => "The token has expired. Get a new one from POST " + EmulatorRoutes.Token + ".",
                TokenCheck.KeyNotAccepted => "The token was issued for a key this emulator no longer accepts. Get a new one with an accepted key.",
                _ => "Invalid token. " + HowTo,
            };
        }

        if (failure is not null)
        {
            // RFC 6750: no error code when no credentials came at all.
            http.Response.Headers.WWWAuthenticate = authorization.Count == 0 ? CdnTokenIssuer.Scheme : $"{CdnTokenIssuer.Scheme} error=\"invalid_token\"";
            return ApiErrors.Detail(StatusCodes.Status401Unauthorized, failure);
        }

        http.Features.Set(new AuthenticatedCaller(fingerprint, users.ByFingerprint(fingerprint)!));
        return await next(context);
    }
}
