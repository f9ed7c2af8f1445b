using FalStorage.Emulator.Security;
using FalStorage.Emulator.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace FalStorage.Emulator.Http;

/// <summary>The upload API: initiate (key-authenticated) and the signed PUT of the bytes.</summary>
internal static class StorageEndpoints
{
    public static void MapStorageEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // storage_type (fal-cdn-v3 from today's clients) selects a backend at fal; the emulator has one, so any value goes.
        endpoints.MapPost(EmulatorRoutes.Initiate, InitiateAsync)
            .AddEndpointFilter<FalKeyFilter>()
            .WithRouteKind("initiate");

        endpoints.MapPut(EmulatorRoutes.Upload, UploadAsync)
            .AddEndpointFilter<SignedUploadFilter>()
            .WithRouteKind("upload");
    }

    private static async Task<IResult> InitiateAsync(
        HttpContext context,
        [FromServices] ObjectStore store,
        [FromServices] UrlSigner signer,
        [FromServices] TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (request, issues) = await InitiateUploadRequest.ReadAsync(context.Request, cancellationToken);
        if (request is null)
        {
            return ApiErrors.Validation(issues);
        }

        var caller = context.Features.GetRequiredFeature<AuthenticatedCaller>();
        var id = ObjectId.New();
        var grant = signer.Sign(id);
        store.AddUpload(new PendingUpload(id, request.ContentType, request.FileName, caller.KeyFingerprint, time.GetUtcNow(), grant.ExpiresAt));
        return Results.Json(new InitiateUploadResponse(
            EmulatorRoutes.UploadUrl(context.Request, id, grant.Query),
            EmulatorRoutes.FileUrl(context.Request, id, request.FileName)));
    }

    private static async Task<IResult> UploadAsync(HttpContext context, [FromServices] ObjectStore store, CancellationToken cancellationToken)
    {
        // Lift the small limit meant for JSON requests: the body is streamed to disk, never held in memory.
        context.Features.GetRequiredFeature<IHttpMaxRequestBodySizeFeature>().MaxRequestBodySize = null;
        await store.CommitAsync(context.Features.GetRequiredFeature<PendingUpload>(), context.Request.Body, cancellationToken);
        return Results.Ok();
    }

    private sealed record InitiateUploadResponse(string UploadUrl, string FileUrl);
}
