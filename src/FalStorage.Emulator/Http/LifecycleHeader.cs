using System.Text.Json;

namespace FalStorage.Emulator.Http;

/// <summary>The object lifetime an initiate call asks for: <c>X-Fal-Object-Lifecycle</c> (as fal's clients send it)
/// or <c>X-Fal-Object-Lifecycle-Preference</c> (as fal's documentation names it), with
/// <c>{"expiration_duration_seconds": N}</c>. Absent: the object never expires.</summary>
internal static class LifecycleHeader
{
    public const string Name = "X-Fal-Object-Lifecycle";
    public const string PreferenceName = "X-Fal-Object-Lifecycle-Preference";

    private const string Field = "expiration_duration_seconds";

    /// <summary>The seconds asked for (null: none), or the issue that makes the request a 422 (over
    /// <paramref name="maxSeconds"/> among them).</summary>
    public static (long? Seconds, ValidationIssue? Issue) Read(HttpRequest request, long maxSeconds)
    {
        long? result = null;
        foreach (var name in new[] { Name, PreferenceName })
        {
            if (!request.Headers.TryGetValue(name, out var values))
            {
                continue;
            }

            var loc = new object[] { "header", name.ToLowerInvariant() };
            if (values.Count != 1)
            {
                return (null, new("value_error", loc, $"{name} must be sent once"));
            }

            var (seconds, issue) = Parse(values[0] ?? "", loc, maxSeconds);
            if (issue is not null)
            {
                return (null, issue);
            }

            if (result is not null && result != seconds)
            {
                return (null, new("value_error", loc, $"{Name} and {PreferenceName} disagree; send one of them"));
            }

            result = seconds;
        }

        return (result, null);
    }

    private static (long? Seconds, ValidationIssue? Issue) Parse(string value, object[] loc, long maxSeconds)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(value);
        }
        catch (JsonException ex)
        {
            return (null, new("json_invalid", loc, $"JSON decode error: {ex.Message}"));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, new("model_attributes_type", loc, $"Input should be an object like {{\"{Field}\": 3600}}"));
            }

            if (!document.RootElement.TryGetProperty(Field, out var seconds))
            {
                return (null, new("missing", [.. loc, Field], "Field required"));
            }

            if (seconds.ValueKind != JsonValueKind.Number || !seconds.TryGetInt64(out var whole))
            {
                return (null, new("int_type", [.. loc, Field], "Input should be a valid integer"));
            }

            if (whole < 1 || whole > maxSeconds)
            {
                return (null, new("value_error", [.. loc, Field], $"Input should be from 1 to {maxSeconds} seconds"));
            }

            return (whole, null);
        }
    }
}
