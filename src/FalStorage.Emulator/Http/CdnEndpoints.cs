using FalStorage.Emulator.Access;
using FalStorage.Emulator.Accounts;
using FalStorage.Emulator.Faults;
using FalStorage.Emulator.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace FalStorage.Emulator.Http;

/// <summary>The CDN side: completed objects at their file URL, for whoever their ACL lets read them (public files:
/// anyone, with no credentials, as at fal).</summary>
/// <remarks>Served as a well-kept object store serves: Content-Type from initiate, Content-Length, a strong ETag (the
/// SHA-256), Last-Modified (the completion), Accept-Ranges; a single Range gives 206 (416 if unsatisfiable);
/// If-None-Match and If-Modified-Since give 304. HEAD gives the same headers without the bytes. The ACL is applied
/// first (<see cref="CdnReader"/>): <c>forbid</c> is a 403, <c>hide</c> the very 404 of a file that is not there.</remarks>
internal static class CdnEndpoints
{
    public static void MapCdnEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapMethods(EmulatorRoutes.File, [HttpMethods.Get, HttpMethods.Head], ServeFile)
            .WithEndpointInfo("file", RouteKind.Cdn);

    private static IResult ServeFile(HttpContext context, string id, string fileName, [FromServices] ObjectStore store, [FromServices] UserDirectory users)
    {
        var (reader, refusal) = CdnReader.Identify(context, id);
        if (refusal is not null)
        {
            return refusal;
        }

        var opened = store.Open(id);

        // The name is part of the URL handed out; another name is another (unknown) file, as on a real CDN.
        if (opened is null || opened.Metadata.FileName != fileName)
        {
            opened?.Content.Dispose();
            return NotFound();
        }

        var stored = opened.Metadata;
        var decision = reader!.ReadsAs(users.OwnerOf(stored)) ? AclDecision.Allow : stored.Acl?.DecisionFor(reader.UserId) ?? AclDecision.Allow;
        if (decision != AclDecision.Allow)
        {
            opened.Content.Dispose();
            return decision == AclDecision.Hide ? NotFound() : ApiErrors.Detail(StatusCodes.Status403Forbidden, "You may not read this file.");
        }

        if (stored.Acl is { } acl && !(acl.Default == AclDecision.Allow && acl.Rules.Count == 0))
        {
            // Served to this reader only: no shared cache may keep it for others.
            context.Response.Headers.CacheControl = "private";
        }

        return Results.Stream(
            opened.Content,
            stored.ContentType,
            lastModified: stored.CreatedAt,
            entityTag: new EntityTagHeaderValue(stored.ETag),
            enableRangeProcessing: true);
    }

    /// <summary>One answer for a file that is not there and one that is hidden, so the two cannot be told apart.</summary>
    private static IResult NotFound() => ApiErrors.Detail(StatusCodes.Status404NotFound, "File not found.");
}
