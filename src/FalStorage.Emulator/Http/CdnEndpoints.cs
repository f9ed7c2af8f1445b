using FalStorage.Emulator.Faults;
using FalStorage.Emulator.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace FalStorage.Emulator.Http;

/// <summary>The public CDN side: completed objects at their file URL, for anyone (no credentials, as at fal).</summary>
/// <remarks>Served as a well-kept object store serves: Content-Type from initiate, Content-Length, a strong ETag (the
/// SHA-256), Last-Modified (the completion), Accept-Ranges; a single Range gives 206 (416 if unsatisfiable);
/// If-None-Match and If-Modified-Since give 304. HEAD gives the same headers without the bytes.</remarks>
internal static class CdnEndpoints
{
    public static void MapCdnEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapMethods(EmulatorRoutes.File, [HttpMethods.Get, HttpMethods.Head], ServeFile)
            .WithEndpointInfo("file", RouteKind.Cdn);

    private static IResult ServeFile(string id, string fileName, [FromServices] ObjectStore store)
    {
        var opened = store.Open(id);

        // The name is part of the URL handed out; another name is another (unknown) file, as on a real CDN.
        if (opened is null || opened.Metadata.FileName != fileName)
        {
            opened?.Content.Dispose();
            return ApiErrors.Detail(StatusCodes.Status404NotFound, "File not found.");
        }

        var stored = opened.Metadata;
        return Results.Stream(
            opened.Content,
            stored.ContentType,
            lastModified: stored.CreatedAt,
            entityTag: new EntityTagHeaderValue(stored.ETag),
            enableRangeProcessing: true);
    }
}
