using Microsoft.Net.Http.Headers;

namespace FalStorage.Emulator.Http;

/// <summary>What an upload of the CDN token flow says about its object, in headers rather than a JSON body:
/// <c>Content-Type</c>, <c>X-Fal-File-Name</c> and the lifecycle headers, validated as initiate validates its body.
/// The name is optional: fal's Python client sends it only when it knows one, and fal's service names such an object
/// itself (<see cref="GeneratedFileName"/>). Other headers, fal's own <c>X-Fal-*</c> among them, are not read.</summary>
internal sealed record TokenUploadHeaders(string ContentType, string FileName, UploadLifecycle Lifecycle)
{
    public const string FileNameHeader = "X-Fal-File-Name";

    /// <summary>The headers, or the issues that make the request a 422.</summary>
    public static (TokenUploadHeaders? Headers, IReadOnlyList<ValidationIssue> Issues) Read(HttpRequest request, EmulatorLimits limits)
    {
        var issues = new List<ValidationIssue>();
        var contentType = ReadHeader(request, HeaderNames.ContentType, InitiateUploadRequest.ContentTypeProblem, issues);
        var fileName = request.Headers.ContainsKey(FileNameHeader) ? ReadHeader(request, FileNameHeader, InitiateUploadRequest.FileNameProblem, issues) : null;
        var (lifecycle, lifecycleIssue) = LifecycleHeader.Read(request, limits.MaxLifetimeSeconds);
        if (lifecycleIssue is not null)
        {
            issues.Add(lifecycleIssue);
        }

        return issues.Count == 0 ? (new TokenUploadHeaders(contentType!, fileName ?? GeneratedFileName.For(contentType!), lifecycle), issues) : (null, issues);
    }

    private static string? ReadHeader(HttpRequest request, string name, Func<string, string?> problemOf, List<ValidationIssue> issues)
    {
        object[] loc = ["header", name.ToLowerInvariant()];
        if (!request.Headers.TryGetValue(name, out var values) || values.Count == 0)
        {
            issues.Add(new("missing", loc, "Field required"));
            return null;
        }

        if (values.Count != 1)
        {
            issues.Add(new("value_error", loc, $"Value error, {name} must be sent once"));
            return null;
        }

        var value = values[0] ?? "";
        if (problemOf(value) is { } problem)
        {
            issues.Add(new("value_error", loc, $"Value error, {name} {problem}"));
            return null;
        }

        return value;
    }
}
