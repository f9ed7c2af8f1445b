using FalStorage.Emulator.Storage;

namespace FalStorage.Emulator.Http;

/// <summary>The object a request concerns, for the request log, so that requests can be matched to uploads: the id a
/// request creates (initiate, the token flow's upload and multipart start), or the one its route names.</summary>
/// <remarks>Only the id: never the path around it, the query (signature) or the token flow's <c>uploadId</c>, which
/// with a token admits parts. An id in the route is taken only in the form the emulator gives ids (32 hex digits), so
/// no fuzzed text reaches the log.</remarks>
internal sealed record RequestObject(string Id)
{
    public static void Set(HttpContext context, string id) => context.Features.Set(new RequestObject(id));

    /// <summary>The object's id, or null when the request concerns none (token, health, unknown routes).</summary>
    public static string? Of(HttpContext context) =>
        context.Features.Get<RequestObject>()?.Id ?? (context.GetRouteValue("id") is string id && ObjectId.IsValid(id) ? id : null);
}
