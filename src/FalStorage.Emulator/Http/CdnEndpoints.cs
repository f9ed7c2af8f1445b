using FalStorage.Emulator.Storage;
using Microsoft.AspNetCore.Mvc;

namespace FalStorage.Emulator.Http;

/// <summary>The public CDN side: completed objects at their file URL, for anyone (no credentials, as at fal).</summary>
internal static class CdnEndpoints
{
    public static void MapCdnEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapMethods(EmulatorRoutes.File, [HttpMethods.Get, HttpMethods.Head], ServeFile)
            .WithRouteKind("file");

    private static IResult ServeFile(HttpContext context, string id, string fileName, [FromServices] ObjectStore store)
    {
        var opened = store.Open(id);

        // The name is part of the URL handed out; another name is another (unknown) file, as on a real CDN.
        if (opened is null || opened.Metadata.FileName != fileName)
        {
            opened?.Content.Dispose();
            return ApiErrors.Detail(StatusCodes.Status404NotFound, "File not found.");
        }

        if (HttpMethods.IsHead(context.Request.Method))
        {
            opened.Content.Dispose();
            context.Response.ContentType = opened.Metadata.ContentType;
            context.Response.ContentLength = opened.Metadata.Length;
            return Results.Empty;
        }

        return Results.Stream(opened.Content, opened.Metadata.ContentType);
    }
}
