using FalStorage.Emulator.Accounts;
using FalStorage.Emulator.Security;

namespace FalStorage.Emulator.Http;

/// <summary>Who reads a file from the CDN: anonymous, the user of a CDN token (<c>Authorization: Bearer</c>), and/or
/// the identity of a signed link (<c>?identity=...&amp;expires=...&amp;signature=...</c>).</summary>
/// <remarks>Credentials are checked before the file is looked up, so their answers (401 for a bad token, 403 for an
/// altered or expired link) say nothing about whether the file exists. Another Authorization scheme (a fal key) is
/// not a CDN credential: such a request reads anonymously. Other query parameters are ignored.</remarks>
internal sealed record CdnReader(string? UserId, string? LinkIdentity)
{
    /// <summary>The reader, or the answer that refuses its credentials.</summary>
    public static (CdnReader? Reader, IResult? Refusal) Identify(HttpContext context, string objectId)
    {
        var services = context.RequestServices;
        string? userId = null;
        var authorization = context.Request.Headers.Authorization;
        var value = authorization.Count == 1 ? authorization[0] ?? "" : "";
        if (value.StartsWith(CdnTokenIssuer.Scheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            if (services.GetRequiredService<CdnTokenIssuer>().Verify(value[(CdnTokenIssuer.Scheme.Length + 1)..].Trim(), out var fingerprint) != TokenCheck.Valid)
            {
                context.Response.Headers.WWWAuthenticate = $"{CdnTokenIssuer.Scheme} error=\"invalid_token\"";
                return (null, ApiErrors.Detail(StatusCodes.Status401Unauthorized, "Invalid or expired token. Get a new one from POST " + EmulatorRoutes.Token + "."));
            }

            userId = services.GetRequiredService<UserDirectory>().ByFingerprint(fingerprint)?.Id;
        }

        var query = context.Request.Query;
        if (!query.ContainsKey(SignedLinkSigner.IdentityParameter))
        {
            return (new CdnReader(userId, null), null);
        }

        var identity = Single(query, SignedLinkSigner.IdentityParameter);
        var check = services.GetRequiredService<SignedLinkSigner>().Verify(
            objectId, identity, Single(query, UrlSigner.ExpiresParameter), Single(query, UrlSigner.SignatureParameter));
        return check switch
        {
            SignatureCheck.Valid => (new CdnReader(userId, identity), null),
            SignatureCheck.Expired => (null, ApiErrors.Detail(StatusCodes.Status403Forbidden, "The signed link has expired. Ask the file's owner for a new one.")),
            _ => (null, ApiErrors.Detail(StatusCodes.Status403Forbidden, "The signed link is not valid: use it exactly as it was handed out.")),
        };
    }

    /// <summary>Whether this reader is (or reads as) <paramref name="ownerId"/>.</summary>
    public bool ReadsAs(string? ownerId) => ownerId is not null && (UserId == ownerId || LinkIdentity == ownerId);

    private static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;
}
