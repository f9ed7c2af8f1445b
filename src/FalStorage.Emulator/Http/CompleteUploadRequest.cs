using System.Text.Json;
using FalStorage.Emulator.Storage;

namespace FalStorage.Emulator.Http;

/// <summary>The body of a completion, as fal's clients send it: <c>{"parts": [{"partNumber": 1, "etag": "..."}, ...]}</c>.</summary>
internal static class CompleteUploadRequest
{
    private const string PartsField = "parts";
    private const string PartNumberField = "partNumber";
    private const string ETagField = "etag";

    /// <summary>The listed parts, or the issues that make the request a 422 (the shape is wrong; whether the parts
    /// make the upload is checked later, and is a 400). <c>Listed</c> is the length of the list, also when its items
    /// were not checked because it is longer than <paramref name="maxParts"/> (a 413 for the caller).</summary>
    public static async Task<(IReadOnlyList<ListedPart>? Parts, IReadOnlyList<ValidationIssue> Issues, int Listed)> ReadAsync(
        HttpRequest request, long maxSize, int maxParts)
    {
        var (document, problem) = await JsonBody.ReadAsync(request, maxSize);
        if (document is null)
        {
            return (null, [problem!], 0);
        }

        using (document)
        {
            if (!document.RootElement.TryGetProperty(PartsField, out var parts))
            {
                return (null, [new("missing", ["body", PartsField], "Field required")], 0);
            }

            if (parts.ValueKind != JsonValueKind.Array)
            {
                return (null, [new("list_type", ["body", PartsField], "Input should be a valid list")], 0);
            }

            // Before the items: a 2 MB list of junk items would otherwise answer a 422 naming each one (over 100 MB).
            var length = parts.GetArrayLength();
            if (length > maxParts)
            {
                return (null, [], length);
            }

            var issues = new List<ValidationIssue>();
            var listed = new List<ListedPart>();
            var index = 0;
            foreach (var part in parts.EnumerateArray())
            {
                object[] loc = ["body", PartsField, index++];
                if (part.ValueKind != JsonValueKind.Object)
                {
                    issues.Add(new("model_attributes_type", loc, "Input should be a valid dictionary or object to extract fields from"));
                    continue;
                }

                int? number = null;
                if (!part.TryGetProperty(PartNumberField, out var numberElement))
                {
                    issues.Add(new("missing", [.. loc, PartNumberField], "Field required"));
                }
                else if (numberElement.ValueKind != JsonValueKind.Number || !numberElement.TryGetInt32(out var parsed))
                {
                    issues.Add(new("int_type", [.. loc, PartNumberField], "Input should be a valid integer"));
                }
                else
                {
                    number = parsed;
                }

                string? etag = null;
                if (!part.TryGetProperty(ETagField, out var etagElement))
                {
                    issues.Add(new("missing", [.. loc, ETagField], "Field required"));
                }
                else if (etagElement.ValueKind != JsonValueKind.String)
                {
                    issues.Add(new("string_type", [.. loc, ETagField], "Input should be a valid string"));
                }
                else
                {
                    try
                    {
                        etag = etagElement.GetString();
                    }
                    catch (InvalidOperationException)
                    {
                        issues.Add(new("string_unicode", [.. loc, ETagField], "Input should be a valid string"));
                    }
                }

                if (number is { } n && etag is not null)
                {
                    listed.Add(new ListedPart(n, etag));
                }
            }

            return issues.Count == 0 ? (listed, issues, length) : (null, issues, length);
        }
    }
}
