using FalStorage.Emulator.Faults;
using FalStorage.Emulator.Security;
using FalStorage.Emulator.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace FalStorage.Emulator.Http;

/// <summary>The upload API: initiate (key-authenticated), then either the signed PUT of the bytes, or the signed
/// PUTs of numbered parts and the signed completion.</summary>
internal static class StorageEndpoints
{
    public static void MapStorageEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // storage_type (fal-cdn-v3 from today's clients) selects a backend at fal; the emulator has one, so any value goes.
        endpoints.MapPost(EmulatorRoutes.Initiate, (HttpContext context, [FromServices] EmulatorLimits limits) => InitiateAsync(context, limits, UploadKind.Single))
            .AddEndpointFilter<FalKeyFilter>()
            .WithEndpointInfo("initiate", RouteKind.Initiate);

        endpoints.MapPost(EmulatorRoutes.InitiateMultipart, (HttpContext context, [FromServices] EmulatorLimits limits) => InitiateAsync(context, limits, UploadKind.Multipart))
            .AddEndpointFilter<FalKeyFilter>()
            .WithEndpointInfo("initiate-multipart", RouteKind.Initiate);

        endpoints.MapPut(EmulatorRoutes.Upload, UploadAsync)
            .RequireUploadSignature(UploadKind.Single)
            .WithEndpointInfo("upload", RouteKind.Put);

        endpoints.MapPut(EmulatorRoutes.Part, UploadPartAsync)
            .RequireUploadSignature(UploadKind.Multipart)
            .WithEndpointInfo("part", RouteKind.Part);

        endpoints.MapPost(EmulatorRoutes.Complete, CompleteAsync)
            .RequireUploadSignature(UploadKind.Multipart)
            .WithEndpointInfo("complete", RouteKind.Complete);
    }

    private static async Task<IResult> InitiateAsync(HttpContext context, EmulatorLimits limits, UploadKind kind)
    {
        var services = context.RequestServices;
        var (lifecycle, lifecycleIssue) = LifecycleHeader.Read(context.Request, limits.MaxLifetimeSeconds);
        var (request, issues) = await InitiateUploadRequest.ReadAsync(context.Request, limits.MaxJsonSize);
        if (request is null || lifecycleIssue is not null)
        {
            return ApiErrors.Validation([.. issues, .. lifecycleIssue is null ? Array.Empty<ValidationIssue>() : [lifecycleIssue]]);
        }

        var caller = context.Features.GetRequiredFeature<AuthenticatedCaller>();
        var id = ObjectId.New();
        RequestObject.Set(context, id);
        var grant = services.GetRequiredService<UrlSigner>().Sign(kind, id);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        services.GetRequiredService<UploadRegistry>().Add(UploadOwnership.Apply(
            context,
            new PendingUpload(id, request.ContentType, request.FileName, caller.KeyFingerprint, now, grant.ExpiresAt) { Kind = kind },
            lifecycle));
        return Results.Json(new InitiateUploadResponse(
            EmulatorRoutes.UploadUrl(context.Request, id, grant.Query),
            EmulatorRoutes.FileUrl(context.Request, id, request.FileName)));
    }

    private static async Task<IResult> UploadAsync(HttpContext context, [FromServices] EmulatorLimits limits, CancellationToken cancellationToken)
    {
        var (_, refusal) = await UploadBodies.StoreSingleAsync(context, limits, context.Features.GetRequiredFeature<UploadSession>().Upload, cancellationToken);
        return refusal ?? Results.Ok();
    }

    private static Task<IResult> UploadPartAsync(HttpContext context, int partNumber, [FromServices] EmulatorLimits limits, CancellationToken cancellationToken) =>
        UploadBodies.StagePartAsync(context, limits, context.Features.GetRequiredFeature<UploadSession>().Multipart!, partNumber, cancellationToken);

    private static Task<IResult> CompleteAsync(HttpContext context, [FromServices] EmulatorLimits limits) =>
        UploadBodies.CompleteAsync(
            context,
            limits,
            context.Features.GetRequiredFeature<UploadSession>().Multipart!,
            stored => Results.Json(new CompleteResponse(EmulatorRoutes.FileUrl(context.Request, stored.Id, stored.FileName))));

    private sealed record InitiateUploadResponse(string UploadUrl, string FileUrl);

    private sealed record CompleteResponse(string FileUrl);
}
