using System.Globalization;
using System.Text.Json.Serialization;
using FalStorage.Emulator.Faults;
using FalStorage.Emulator.Security;
using FalStorage.Emulator.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace FalStorage.Emulator.Http;

/// <summary>The CDN token flow of fal's Python client: a token once (key-authenticated), then each file in one request
/// straight to the CDN (<c>base_url</c>, here the emulator itself), or in parts for large files.</summary>
internal static class TokenEndpoints
{
    public static void MapTokenEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // storage_type selects a backend at fal; the emulator has one, so any value goes (as on initiate).
        endpoints.MapPost(EmulatorRoutes.Token, IssueTokenAsync)
            .AddEndpointFilter<FalKeyFilter>()
            .WithEndpointInfo("token", RouteKind.Token);

        endpoints.MapPost(EmulatorRoutes.TokenUpload, UploadAsync)
            .AddEndpointFilter<BearerTokenFilter>()
            .WithEndpointInfo("token-upload", RouteKind.TokenUpload);

        endpoints.MapPost(EmulatorRoutes.TokenMultipart, StartMultipart)
            .AddEndpointFilter<BearerTokenFilter>()
            .WithEndpointInfo("token-multipart", RouteKind.TokenMultipart);

        endpoints.MapPut(EmulatorRoutes.TokenPart, UploadPartAsync)
            .AddEndpointFilter<BearerTokenFilter>()
            .AddEndpointFilter<TokenMultipartFilter>()
            .WithEndpointInfo("token-part", RouteKind.TokenPart);

        endpoints.MapPost(EmulatorRoutes.TokenComplete, CompleteAsync)
            .AddEndpointFilter<BearerTokenFilter>()
            .AddEndpointFilter<TokenMultipartFilter>()
            .WithEndpointInfo("token-complete", RouteKind.TokenComplete);
    }

    /// <summary>The body is <c>{}</c> from fal's clients; <c>expiration_seconds</c> asks for a shorter life than
    /// <c>--token-lifetime</c>, which bounds it.</summary>
    private static async Task<IResult> IssueTokenAsync(HttpContext context, [FromServices] EmulatorLimits limits, [FromServices] CdnTokenIssuer tokens)
    {
        var (body, issue) = await TokenRequest.ReadAsync(context.Request, limits.MaxJsonSize);
        if (body is null)
        {
            return ApiErrors.Validation(issue!);
        }

        var token = tokens.Issue(context.Features.GetRequiredFeature<AuthenticatedCaller>().KeyFingerprint, body.ExpirationSeconds);

        // A credential: no cache may keep it.
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(new TokenResponse(
            token.Value,
            CdnTokenIssuer.Scheme,
            EmulatorRoutes.BaseUrl(context.Request),

            // With the offset spelled out: Python's datetime.fromisoformat, which fal's clients use, reads "Z" only from 3.11.
            token.ExpiresAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture)));
    }

    private static async Task<IResult> UploadAsync(HttpContext context, [FromServices] EmulatorLimits limits, CancellationToken cancellationToken)
    {
        var (headers, issues) = TokenUploadHeaders.Read(context.Request, limits);
        if (headers is null)
        {
            return ApiErrors.Validation(issues);
        }

        // Not registered: the upload is this one request, and nothing can come back to it.
        var upload = NewUpload(context, headers, UploadKind.Single, TimeSpan.Zero, uploadId: null);
        var (stored, refusal) = await UploadBodies.StoreSingleAsync(context, limits, upload, cancellationToken);
        return refusal ?? AccessUrl(context, stored!);
    }

    private static IResult StartMultipart(HttpContext context, [FromServices] EmulatorLimits limits)
    {
        var (headers, issues) = TokenUploadHeaders.Read(context.Request, limits);
        if (headers is null)
        {
            return ApiErrors.Validation(issues);
        }

        var upload = NewUpload(context, headers, UploadKind.Multipart, EmulatorOptions.TokenMultipartUploadLifetime, ObjectId.New());
        context.RequestServices.GetRequiredService<UploadRegistry>().Add(upload);
        return Results.Json(new MultipartResponse(EmulatorRoutes.FileUrl(context.Request, upload.Id, upload.FileName), upload.UploadId!));
    }

    private static Task<IResult> UploadPartAsync(HttpContext context, int partNumber, [FromServices] EmulatorLimits limits, CancellationToken cancellationToken) =>
        UploadBodies.StagePartAsync(context, limits, context.Features.GetRequiredFeature<UploadSession>().Multipart!, partNumber, cancellationToken);

    private static Task<IResult> CompleteAsync(HttpContext context, [FromServices] EmulatorLimits limits) =>
        UploadBodies.CompleteAsync(context, limits, context.Features.GetRequiredFeature<UploadSession>().Multipart!, stored => AccessUrl(context, stored));

    /// <param name="openFor">How long the upload takes parts and completions.</param>
    private static PendingUpload NewUpload(HttpContext context, TokenUploadHeaders headers, UploadKind kind, TimeSpan openFor, string? uploadId)
    {
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var caller = context.Features.GetRequiredFeature<AuthenticatedCaller>();
        var id = ObjectId.New();
        RequestObject.Set(context, id);
        return UploadOwnership.Apply(
            context,
            new PendingUpload(id, headers.ContentType, headers.FileName, caller.KeyFingerprint, now, now + openFor) { Kind = kind, UploadId = uploadId },
            headers.Lifecycle);
    }

    private static IResult AccessUrl(HttpContext context, StoredObject stored) =>
        Results.Json(new AccessUrlResponse(EmulatorRoutes.FileUrl(context.Request, stored.Id, stored.FileName)));

    private sealed record TokenResponse(string Token, string TokenType, string BaseUrl, string ExpiresAt);

    private sealed record AccessUrlResponse(string AccessUrl);

    /// <summary><c>uploadId</c> in camelCase, as fal's Python client reads it.</summary>
    private sealed record MultipartResponse(string AccessUrl, [property: JsonPropertyName("uploadId")] string UploadId);
}
