using System.Text.Json;

namespace FalStorage.Emulator.Http;

/// <summary>The body of <c>POST /storage/auth/token</c>: a JSON object, <c>{}</c> from fal's clients, or
/// <c>{"expiration_seconds": N}</c> for a token shorter-lived than the default, as fal's access-control docs describe.
/// Other fields are not read (as initiate's body).</summary>
internal sealed record TokenRequest(long? ExpirationSeconds)
{
    private const string ExpirationField = "expiration_seconds";

    /// <summary>Reads and validates the body; every problem becomes an issue, none an exception.</summary>
    public static async Task<(TokenRequest? Request, ValidationIssue? Issue)> ReadAsync(HttpRequest request, long maxSize)
    {
        var (document, problem) = await JsonBody.ReadAsync(request, maxSize);
        if (document is null)
        {
            return (null, problem);
        }

        using (document)
        {
            // null is "not given", as for an optional field in pydantic.
            if (!document.RootElement.TryGetProperty(ExpirationField, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return (new TokenRequest((long?)null), null);
            }

            object[] loc = ["body", ExpirationField];
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var seconds))
            {
                return (null, new("int_type", loc, "Input should be a valid integer"));
            }

            return seconds < 1
                ? (null, new("greater_than_equal", loc, "Input should be greater than or equal to 1"))
                : (new TokenRequest(seconds), null);
        }
    }
}
