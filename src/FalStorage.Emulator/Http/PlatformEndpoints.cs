using System.Text.Json;
using FalStorage.Emulator.Access;
using FalStorage.Emulator.Accounts;
using FalStorage.Emulator.Faults;
using FalStorage.Emulator.Security;
using FalStorage.Emulator.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace FalStorage.Emulator.Http;

/// <summary>fal's Platform API for storage, under <c>/v1</c> (fal's <c>https://api.fal.ai/v1</c>): a file's ACL, signed
/// links, and each user's settings for new uploads. Key-authenticated, each route needing a key permission; closed
/// bodies (an unknown field is a 400); only a file's owner sees it here, others get the 404 of an unknown file.</summary>
internal static class PlatformEndpoints
{
    private const string SecondsField = "expiration_duration_seconds";
    private const string AclField = "initial_acl";
    private const string SignSecondsField = "expiration_seconds";

    public static void MapPlatformEndpoints(this IEndpointRouteBuilder endpoints)
    {
        Map(endpoints.MapGet(EmulatorRoutes.PlatformAcl, GetAcl), "acl-get", KeyPermissions.AssetsRead);
        Map(endpoints.MapPut(EmulatorRoutes.PlatformAcl, SetAclAsync), "acl-put", KeyPermissions.AssetsWrite);
        Map(endpoints.MapPost(EmulatorRoutes.PlatformSign, SignAsync), "sign", KeyPermissions.AssetsRead);
        Map(endpoints.MapGet(EmulatorRoutes.PlatformSettings, GetSettings), "settings-get", KeyPermissions.AccountSettingsRead);
        Map(endpoints.MapPut(EmulatorRoutes.PlatformSettings, SetSettingsAsync), "settings-put", KeyPermissions.AccountSettingsWrite);
    }

    private static void Map(RouteHandlerBuilder route, string name, KeyPermissions permission) =>
        route.WithMetadata(new RequiredPermission(permission))
            .AddEndpointFilter<PlatformKeyFilter>()
            .WithEndpointInfo(name, RouteKind.Platform);

    private static IResult GetAcl(HttpContext context, [FromServices] UserDirectory users)
    {
        var (stored, refusal) = OwnFile(context);
        return refusal ?? Results.Json(AclJson.ToAnswer(users.Display(stored!.Acl ?? Public)));
    }

    private static Task<IResult> SetAclAsync(HttpContext context, [FromServices] UserDirectory users, [FromServices] EmulatorLimits limits, [FromServices] ObjectStore store) =>
        WithOwnFileAsync(context, limits, (stored, body) =>
        {
            var (acl, problem) = AclJson.Read(body);
            if (acl is null)
            {
                return Invalid(problem!);
            }

            var applied = store.SetAcl(stored.Id, users.Resolve(acl));
            return applied is null ? NoSuchFile() : Results.Json(AclJson.ToAnswer(users.Display(applied.Acl!)));
        });

    private static Task<IResult> SignAsync(HttpContext context, [FromServices] EmulatorLimits limits, [FromServices] SignedLinkSigner signer) =>
        WithOwnFileAsync(context, limits, (stored, body) =>
        {
            var (seconds, problem) = ReadSeconds(body, SignSecondsField, SignedLinkSigner.MaxSeconds, required: true);
            if (problem is not null)
            {
                return Invalid(problem);
            }

            var owner = context.Features.GetRequiredFeature<AuthenticatedCaller>().User;
            var (query, _) = signer.Sign(stored.Id, owner.Id, seconds!.Value);
            return Results.Json(new Dictionary<string, string> { ["signed_url"] = context.Request.Query["url"][0] + query });
        });

    private static IResult GetSettings(HttpContext context, [FromServices] SettingsStore settings, [FromServices] UserDirectory users) =>
        Results.Json(SettingsAnswer(settings.Get(context.Features.GetRequiredFeature<AuthenticatedCaller>().User.Id), users));

    private static async Task<IResult> SetSettingsAsync(
        HttpContext context, [FromServices] SettingsStore settings, [FromServices] UserDirectory users, [FromServices] EmulatorLimits limits)
    {
        var (body, bodyRefusal) = await PlatformRequest.BodyAsync(context, limits.MaxJsonSize);
        if (body is null)
        {
            return bodyRefusal!;
        }

        using (body)
        {
            var (answer, problem) = JsonProblem.Guard<IResult>(() => (ReplaceSettings(context, body.RootElement, settings, users, limits), null));
            return answer ?? Invalid(problem!);
        }
    }

    /// <summary>Saves the settings <paramref name="root"/> describes, or answers what is wrong with them.</summary>
    private static IResult ReplaceSettings(HttpContext context, JsonElement root, SettingsStore settings, UserDirectory users, EmulatorLimits limits)
    {
        var (seconds, problem) = AclJson.Closed(root, SecondsField, AclField) is { } extra
            ? (null, extra)
            : ReadSeconds(root, SecondsField, limits.MaxLifetimeSeconds, required: false);
        if (problem is not null)
        {
            return Invalid(problem);
        }

        ObjectAcl? acl = null;
        if (root.TryGetProperty(AclField, out var aclElement) && aclElement.ValueKind != JsonValueKind.Null)
        {
            (acl, problem) = AclJson.Read(aclElement);
            if (acl is null)
            {
                return Invalid(problem!.Under(AclField));
            }
        }

        // Replaces the whole: what is left out or null goes back to the default (never expires; public).
        var saved = new AccountSettings(seconds, acl is null ? null : users.Resolve(acl));
        settings.Set(context.Features.GetRequiredFeature<AuthenticatedCaller>().User.Id, saved);
        return Results.Json(SettingsAnswer(saved, users));
    }

    private static readonly ObjectAcl Public = new(AclDecision.Allow, []);

    /// <summary>The caller's own file named by <c>?url=</c>, or the answer: 400 for a bad URL, 404 for a file that is
    /// not there, has another name, or is someone else's (the same 404, so others' files cannot be probed).</summary>
    private static (StoredObject? Stored, IResult? Refusal) OwnFile(HttpContext context)
    {
        var (id, fileName, refusal) = PlatformRequest.FileOf(context.Request);
        if (refusal is not null)
        {
            return (null, refusal);
        }

        RequestObject.Set(context, id!);
        var services = context.RequestServices;
        var stored = services.GetRequiredService<ObjectStore>().Find(id!);
        var caller = context.Features.GetRequiredFeature<AuthenticatedCaller>().User;
        return stored is not null && stored.FileName == fileName && services.GetRequiredService<UserDirectory>().OwnerOf(stored) == caller.Id
            ? (stored, null)
            : (null, NoSuchFile());
    }

    /// <summary>Runs <paramref name="act"/> on the caller's own file (<c>?url=</c>) and the JSON body, or answers why not.</summary>
    private static async Task<IResult> WithOwnFileAsync(HttpContext context, EmulatorLimits limits, Func<StoredObject, JsonElement, IResult> act)
    {
        var (stored, refusal) = OwnFile(context);
        if (refusal is not null)
        {
            return refusal;
        }

        var (body, bodyRefusal) = await PlatformRequest.BodyAsync(context, limits.MaxJsonSize);
        if (body is null)
        {
            return bodyRefusal!;
        }

        using (body)
        {
            var (answer, problem) = JsonProblem.Guard<IResult>(() => (act(stored!, body.RootElement), null));
            return answer ?? Invalid(problem!);
        }
    }

    private static (long? Seconds, JsonProblem? Problem) ReadSeconds(JsonElement body, string field, long max, bool required)
    {
        if (required && AclJson.Closed(body, field) is { } extra)
        {
            return (null, extra);
        }

        if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? (null, new("missing", [field], "Field required")) : (null, null);
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds) && seconds >= 1 && seconds <= max
            ? (seconds, null)
            : (null, new("value_error", [field], $"Input should be a whole number from 1 to {max}"));
    }

    private static Dictionary<string, object?> SettingsAnswer(AccountSettings settings, UserDirectory users) => new Dictionary<string, object?>
    {
        [SecondsField] = settings.ExpirationDurationSeconds,
        [AclField] = settings.InitialAcl is { } acl ? AclJson.ToAnswer(users.Display(acl)) : null,
    };

    private static IResult Invalid(JsonProblem problem) => PlatformErrors.Validation($"Invalid request body: {problem.Describe()}");

    private static IResult NoSuchFile() =>
        PlatformErrors.Error(StatusCodes.Status404NotFound, "No such file, or it is not yours: only a file's owner manages it.");
}
