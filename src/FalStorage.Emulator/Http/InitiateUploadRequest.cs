using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace FalStorage.Emulator.Http;

/// <summary>The body of an initiate call, validated: <c>{"content_type": "...", "file_name": "..."}</c>.</summary>
internal sealed record InitiateUploadRequest(string ContentType, string FileName)
{
    private const string ContentTypeField = "content_type";
    private const string FileNameField = "file_name";
    private const int MaxContentTypeLength = 255;

    /// <summary>Longest file name most file systems accept, in UTF-8 bytes.</summary>
    private const int MaxFileNameBytes = 255;

    /// <summary>Reads and validates the JSON body; every problem becomes an issue, none an exception.</summary>
    public static async Task<(InitiateUploadRequest? Request, IReadOnlyList<ValidationIssue> Issues)> ReadAsync(
        HttpRequest request, long maxSize, CancellationToken cancellationToken)
    {
        var (document, problem) = await JsonBody.ReadAsync(request, maxSize, cancellationToken);
        if (document is null)
        {
            return (null, [problem!]);
        }

        using (document)
        {
            var issues = new List<ValidationIssue>();
            var contentType = ReadField(document.RootElement, ContentTypeField, ContentTypeProblem, issues);
            var fileName = ReadField(document.RootElement, FileNameField, FileNameProblem, issues);
            return issues.Count == 0 ? (new InitiateUploadRequest(contentType!, fileName!), issues) : (null, issues);
        }
    }

    private static string? ReadField(JsonElement body, string field, Func<string, string?> problemOf, List<ValidationIssue> issues)
    {
        object[] loc = ["body", field];
        if (!body.TryGetProperty(field, out var element))
        {
            issues.Add(new("missing", loc, "Field required"));
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            issues.Add(new("string_type", loc, "Input should be a valid string"));
            return null;
        }

        string value;
        try
        {
            value = element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 bytes or an escaped lone surrogate.
            issues.Add(new("string_unicode", loc, "Input should be a valid string, unable to parse raw data as a unicode string"));
            return null;
        }

        if (problemOf(value) is { } problem)
        {
            issues.Add(new("value_error", loc, $"Value error, {field} {problem}"));
            return null;
        }

        return value;
    }

    /// <summary>A media type as RFC 9110 defines it: <c>type/subtype</c> tokens, optionally <c>; name=value</c> parameters.</summary>
    internal static string? ContentTypeProblem(string value)
    {
        if (value.Length == 0)
        {
            return "must not be empty";
        }

        if (value.Length > MaxContentTypeLength)
        {
            return $"must be at most {MaxContentTypeLength} characters";
        }

        // It is sent back as a Content-Type header, where anything else is refused.
        if (!Ascii.IsValid(value) || value.Any(char.IsControl))
        {
            return "must be printable ASCII";
        }

        var parameters = value.IndexOf(';', StringComparison.Ordinal);
        var essence = parameters < 0 ? value : value[..parameters].TrimEnd(' ', '\t');
        var slash = essence.IndexOf('/', StringComparison.Ordinal);
        var wellFormed = slash > 0
            && IsToken(essence.AsSpan(0, slash))
            && IsToken(essence.AsSpan(slash + 1))
            && MediaTypeHeaderValue.TryParse(value, out var parsed)
            && parsed.MediaType.Equals(essence, StringComparison.OrdinalIgnoreCase)
            && parsed.Parameters.All(parameter => !StringSegment.IsNullOrEmpty(parameter.Value)); // the parser allows "; name" alone
        return wellFormed ? null : "must be a MIME type of the form type/subtype, e.g. image/png";
    }

    internal static string? FileNameProblem(string value)
    {
        if (value.Length == 0)
        {
            return "must not be empty";
        }

        if (value.AsSpan().IndexOfAny('/', '\\') >= 0)
        {
            return "must be a bare file name, without '/' or '\\'";
        }

        if (value.Any(char.IsControl))
        {
            return "must not contain control characters";
        }

        // "." and ".." would be resolved away as path segments of the file URL.
        if (value is "." or "..")
        {
            return "must not be '.' or '..'";
        }

        // Valid UTF-16 here: ReadField refused lone surrogates already.
        var bytes = Encoding.UTF8.GetByteCount(value);
        return bytes > MaxFileNameBytes ? $"must be at most {MaxFileNameBytes} bytes in UTF-8 (is {bytes})" : null;
    }

    private static bool IsToken(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !"!#$%&'*+-.^_`|~".Contains(c))
            {
                return false;
            }
        }

        return true;
    }
}
