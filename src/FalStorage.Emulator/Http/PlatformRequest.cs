using System.Text.Json;
using FalStorage.Emulator.Storage;

namespace FalStorage.Emulator.Http;

/// <summary>What a Platform API call sends: the file it names (<c>?url=</c>) and its JSON body, each read into a
/// value or the 400 to answer instead.</summary>
internal static class PlatformRequest
{
    private const string UrlParameter = "url";

    /// <summary>The object id and file name of <c>?url=</c>: a file URL as an upload returned it
    /// (<c>{base}/files/{id}/{name}</c>, any host), without a query of its own.</summary>
    public static (string? Id, string? FileName, IResult? Refusal) FileOf(HttpRequest request)
    {
        if (!request.Query.TryGetValue(UrlParameter, out var values) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            return (null, null, PlatformErrors.Validation("The query parameter 'url' is required, once: the file's URL as the upload returned it."));
        }

        if (!Uri.TryCreate(values[0], UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return (null, null, PlatformErrors.Validation("'url' must be an absolute http or https URL of a file."));
        }

        if (url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            return (null, null, PlatformErrors.Validation("'url' must be the file's URL without a query string (not a signed link)."));
        }

        var segments = url.AbsolutePath.Split('/');
        return segments is ["", "files", var id, var name] && ObjectId.IsValid(id) && name.Length > 0
            ? (id, Uri.UnescapeDataString(name), null)
            : (null, null, PlatformErrors.Error(StatusCodes.Status404NotFound, "No such file: 'url' does not name a file of this storage."));
    }

    /// <summary>The JSON object of the body (the caller disposes it), or the 400 to answer. Over the JSON limit:
    /// a 400 that closes the connection, since the rest of the body may not have been read.</summary>
    public static async Task<(JsonDocument? Body, IResult? Refusal)> BodyAsync(HttpContext context, long maxSize)
    {
        try
        {
            var (document, issue) = await JsonBody.ReadAsync(context.Request, maxSize);
            return document is not null ? (document, null) : (null, PlatformErrors.Validation($"Invalid request body: {issue!.Msg}"));
        }
        catch (BodyTooLargeException)
        {
            context.Response.Headers.Connection = "close";
            return (null, PlatformErrors.Validation($"The request body may have at most {maxSize} bytes (--max-json-size)."));
        }
    }
}
