using System.Text.Json;
using FalStorage.Emulator.Storage;
using Microsoft.Net.Http.Headers;

namespace FalStorage.Emulator.Http;

/// <summary>Reads the JSON body of an API call; every problem becomes a pydantic-style issue (a 422), none an exception.</summary>
internal static class JsonBody
{
    /// <param name="maxSize">The body limit; over it, <see cref="BodyTooLargeException"/> (a 413).</param>
    /// <remarks>Read without a cancellation token, as every request body (see BodyWriter.FillAsync).</remarks>
    public static async Task<(JsonDocument? Document, ValidationIssue? Issue)> ReadAsync(HttpRequest request, long maxSize)
    {
        // Counted here rather than by Kestrel, whose limit exception leaves the rest of the body unreadable.
        RequestBody.LiftKestrelLimit(request.HttpContext);

        if (request.ContentLength > maxSize)
        {
            throw new BodyTooLargeException(maxSize);
        }

        // Like FastAPI, a body without a Content-Type is taken as JSON; any type but JSON is refused.
        if (request.ContentType is { } contentType && !IsJson(contentType))
        {
            return (null, new("model_attributes_type", ["body"], $"Input should be a JSON object; Content-Type '{contentType}' is not application/json"));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > maxSize)
            {
                throw new BodyTooLargeException(maxSize);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (null, new("missing", ["body"], "Field required"));
        }

        try
        {
            var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return (null, new("model_attributes_type", ["body"], "Input should be a valid dictionary or object to extract fields from"));
            }

            return (document, null);
        }
        catch (JsonException ex)
        {
            return (null, new("json_invalid", ["body"], $"JSON decode error: {ex.Message}"));
        }
    }

    private static bool IsJson(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && (parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (parsed.MediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
                && parsed.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)));
}
