using System.Text.Json;
using FalStorage.Emulator.Access;

namespace FalStorage.Emulator.Http;

/// <summary>The lifecycle an upload-starting call asks for: <c>X-Fal-Object-Lifecycle</c> (as fal's clients send it)
/// or <c>X-Fal-Object-Lifecycle-Preference</c> (as fal's documentation names it), with
/// <c>{"expiration_duration_seconds": N, "initial_acl": {...}}</c>, each key optional. Other keys are not read.</summary>
internal static class LifecycleHeader
{
    public const string Name = "X-Fal-Object-Lifecycle";
    public const string PreferenceName = "X-Fal-Object-Lifecycle-Preference";

    private const string SecondsField = "expiration_duration_seconds";
    private const string AclField = "initial_acl";

    /// <summary>What the header asks for (<see cref="UploadLifecycle.None"/> without one), or the issue that makes the
    /// request a 422 (seconds over <paramref name="maxSeconds"/> among them).</summary>
    public static (UploadLifecycle Lifecycle, ValidationIssue? Issue) Read(HttpRequest request, long maxSeconds)
    {
        UploadLifecycle? result = null;
        foreach (var name in new[] { Name, PreferenceName })
        {
            if (!request.Headers.TryGetValue(name, out var values))
            {
                continue;
            }

            var loc = new object[] { "header", name.ToLowerInvariant() };
            if (values.Count != 1)
            {
                return (UploadLifecycle.None, new("value_error", loc, $"{name} must be sent once"));
            }

            var (lifecycle, issue) = Parse(values[0] ?? "", loc, maxSeconds);
            if (issue is not null)
            {
                return (UploadLifecycle.None, issue);
            }

            if (result is not null && !result.SameAs(lifecycle!))
            {
                return (UploadLifecycle.None, new("value_error", loc, $"{Name} and {PreferenceName} disagree; send one of them"));
            }

            result = lifecycle;
        }

        return (result ?? UploadLifecycle.None, null);
    }

    private static (UploadLifecycle? Lifecycle, ValidationIssue? Issue) Parse(string value, object[] loc, long maxSeconds)
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
            var (lifecycle, problem) = JsonProblem.Guard(() => Read(document.RootElement, maxSeconds));
            return lifecycle is not null ? (lifecycle, null) : (null, new(problem!.Type, [.. loc, .. problem.Path], problem.Message));
        }
    }

    /// <summary>The lifecycle a JSON value asks for, or what is wrong with it (its path below the header).</summary>
    private static (UploadLifecycle? Lifecycle, JsonProblem? Problem) Read(JsonElement root, long maxSeconds)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, new("model_attributes_type", [], $"Input should be an object like {{\"{SecondsField}\": 3600}}"));
        }

        long? seconds = null;
        if (root.TryGetProperty(SecondsField, out var secondsElement) && secondsElement.ValueKind != JsonValueKind.Null)
        {
            if (secondsElement.ValueKind != JsonValueKind.Number || !secondsElement.TryGetInt64(out var whole))
            {
                return (null, new("int_type", [SecondsField], "Input should be a valid integer"));
            }

            if (whole < 1 || whole > maxSeconds)
            {
                return (null, new("value_error", [SecondsField], $"Input should be from 1 to {maxSeconds} seconds"));
            }

            seconds = whole;
        }

        ObjectAcl? acl = null;
        if (root.TryGetProperty(AclField, out var aclElement) && aclElement.ValueKind != JsonValueKind.Null)
        {
            var (read, problem) = AclJson.Read(aclElement);
            if (problem is not null)
            {
                return (null, problem.Under(AclField));
            }

            acl = read;
        }

        return (new UploadLifecycle(seconds, acl), null);
    }
}
