using System.Text.Json.Serialization;
using FalStorage.Emulator.Security;
using FalStorage.Emulator.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace FalStorage.Emulator.Http;

/// <summary>The upload API: initiate (key-authenticated), then either the signed PUT of the bytes, or the signed
/// PUTs of numbered parts and the signed completion.</summary>
internal static class StorageEndpoints
{
    public static void MapStorageEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // storage_type (fal-cdn-v3 from today's clients) selects a backend at fal; the emulator has one, so any value goes.
        endpoints.MapPost(EmulatorRoutes.Initiate, (HttpContext context, CancellationToken cancellationToken) => InitiateAsync(context, UploadKind.Single, cancellationToken))
            .AddEndpointFilter<FalKeyFilter>()
            .WithEndpointInfo("initiate", RouteKind.Initiate);

        endpoints.MapPost(EmulatorRoutes.InitiateMultipart, (HttpContext context, CancellationToken cancellationToken) => InitiateAsync(context, UploadKind.Multipart, cancellationToken))
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

    private static async Task<IResult> InitiateAsync(HttpContext context, UploadKind kind, CancellationToken cancellationToken)
    {
        var services = context.RequestServices;
        var limits = services.GetRequiredService<EmulatorLimits>();
        var (lifecycle, lifecycleIssue) = LifecycleHeader.Read(context.Request);
        var (request, issues) = await InitiateUploadRequest.ReadAsync(context.Request, limits.MaxJsonSize, cancellationToken);
        if (request is null || lifecycleIssue is not null)
        {
            return ApiErrors.Validation([.. issues, .. lifecycleIssue is null ? Array.Empty<ValidationIssue>() : [lifecycleIssue]]);
        }

        var caller = context.Features.GetRequiredFeature<AuthenticatedCaller>();
        var id = ObjectId.New();
        var grant = services.GetRequiredService<UrlSigner>().Sign(kind, id);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        services.GetRequiredService<UploadRegistry>().Add(
            new PendingUpload(id, request.ContentType, request.FileName, caller.KeyFingerprint, now, grant.ExpiresAt)
            {
                Kind = kind,
                ExpirationDurationSeconds = lifecycle,
            });
        return Results.Json(new InitiateUploadResponse(
            EmulatorRoutes.UploadUrl(context.Request, id, grant.Query),
            EmulatorRoutes.FileUrl(context.Request, id, request.FileName)));
    }

    private static async Task<IResult> UploadAsync(
        HttpContext context, [FromServices] ObjectStore store, [FromServices] DataFolder folder, [FromServices] EmulatorLimits limits, CancellationToken cancellationToken)
    {
        if (LimitBody(context, limits.MaxBodySize, "A single upload", "--max-body-size") is { } tooLarge)
        {
            return tooLarge;
        }

        var upload = context.Features.GetRequiredFeature<UploadSession>().Upload;
        var temp = folder.NewTempPath();
        try
        {
            var (length, sha256) = await BodyWriter.WriteAsync(context.Request.Body, temp, context.Request.ContentLength, limits.MaxBodySize, hash: true, cancellationToken);
            var stored = store.CommitSingle(upload, temp, length, sha256!);
            context.Response.Headers.ETag = stored.ETag;
            return Results.Ok();
        }
        catch (BodyTooLargeException)
        {
            DataFolder.DeleteIfExists(temp);
            return TooLarge(context, $"A single upload may have at most {limits.MaxBodySize} bytes (--max-body-size); this one has more.");
        }
        catch
        {
            DataFolder.DeleteIfExists(temp);
            throw;
        }
    }

    private static async Task<IResult> UploadPartAsync(
        HttpContext context, int partNumber, [FromServices] DataFolder folder, [FromServices] EmulatorLimits limits, CancellationToken cancellationToken)
    {
        if (partNumber < 1)
        {
            return ApiErrors.Detail(StatusCodes.Status400BadRequest, $"Part numbers start at 1; {partNumber} is not a part number.");
        }

        if (partNumber > limits.MaxParts)
        {
            return TooLarge(context, $"Part {partNumber} is over the limit of {limits.MaxParts} parts per upload (--max-parts).");
        }

        if (LimitBody(context, limits.MaxPartSize, "A part", "--max-part-size") is { } tooLarge)
        {
            return tooLarge;
        }

        var staging = context.Features.GetRequiredFeature<UploadSession>().Multipart!;
        var temp = folder.NewTempPath();
        try
        {
            var (length, _) = await BodyWriter.WriteAsync(context.Request.Body, temp, context.Request.ContentLength, limits.MaxPartSize, hash: false, cancellationToken);
            var etag = Quoted(await staging.StageAsync(partNumber, temp, length));

            // fal's JavaScript client reads the ETag from the JSON body, its Python toolkit from the header.
            context.Response.Headers.ETag = etag;
            return Results.Json(new PartResponse(partNumber, etag));
        }
        catch (BodyTooLargeException)
        {
            DataFolder.DeleteIfExists(temp);
            return TooLarge(context, $"A part may have at most {limits.MaxPartSize} bytes (--max-part-size); this one has more.");
        }
        catch
        {
            DataFolder.DeleteIfExists(temp);
            throw;
        }
    }

    private static async Task<IResult> CompleteAsync(HttpContext context, [FromServices] EmulatorLimits limits, CancellationToken cancellationToken)
    {
        var (listed, issues, count) = await CompleteUploadRequest.ReadAsync(context.Request, limits.MaxCompletionSize, limits.MaxParts, cancellationToken);
        if (count > limits.MaxParts)
        {
            return TooLarge(context, $"The completion lists {count} parts; the limit is {limits.MaxParts} parts per upload (--max-parts).");
        }

        if (listed is null)
        {
            return ApiErrors.Validation(issues);
        }

        // The completion is atomic from here: a client that goes away does not leave half an object behind.
        var result = await context.Features.GetRequiredFeature<UploadSession>().Multipart!.CompleteAsync(listed);
        if (result.Object is not { } stored)
        {
            return ApiErrors.Detail(StatusCodes.Status400BadRequest, result.Problem!);
        }

        context.Response.Headers.ETag = stored.ETag;
        return Results.Json(new CompleteResponse(EmulatorRoutes.FileUrl(context.Request, stored.Id, stored.FileName)));
    }

    /// <summary>Answers 413 when Content-Length already says the body is over the limit. Otherwise the body
    /// is counted as it is written (<see cref="BodyWriter"/>), in body bytes: Kestrel's own limit is lifted, since it
    /// counts the framing of a chunked body too.</summary>
    private static IResult? LimitBody(HttpContext context, long limit, string what, string option)
    {
        if (context.Request.ContentLength is { } length && length > limit)
        {
            return TooLarge(context, $"{what} may have at most {limit} bytes ({option}); this one has {length}.");
        }

        var feature = context.Features.GetRequiredFeature<IHttpMaxRequestBodySizeFeature>();
        if (!feature.IsReadOnly)
        {
            feature.MaxRequestBodySize = null;
        }

        return null;
    }

    private static IResult TooLarge(HttpContext context, string detail)
    {
        // The body may not have been read to its end: the connection cannot be reused for another request.
        context.Response.Headers.Connection = "close";
        return ApiErrors.Detail(StatusCodes.Status413PayloadTooLarge, detail);
    }

    private static string Quoted(string etag) => new EntityTagHeaderValue($"\"{etag}\"").ToString();

    private sealed record InitiateUploadResponse(string UploadUrl, string FileUrl);

    private sealed record CompleteResponse(string FileUrl);

    /// <summary>Named as fal's JavaScript client reads it (camelCase, unlike the rest of the API).</summary>
    private sealed record PartResponse(
        [property: JsonPropertyName("partNumber")] int PartNumber,
        [property: JsonPropertyName("etag")] string ETag);
}
