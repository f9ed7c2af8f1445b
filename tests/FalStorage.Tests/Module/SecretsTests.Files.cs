using System.Text.Json;
using FalStorage.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace FalStorage.Tests.Module;

/// <summary>
/// What the canary suite reads of the files the module writes, the upload index of -SkipUnchanged (every row's
/// FAL_UPLOAD_INDEX is a file of its own), and of the signed upload URLs the emulator was sent, to look for them.
/// </summary>
public sealed partial class SecretsTests
{
    private string IndexFolder => Path.Combine(_files.Path, "index");

    private string IndexPath => Path.Combine(IndexFolder, "upload-index.json");

    /// <summary>
    /// Each file in the index's folder (the index, its lock, any temporary file left over) as it is written, and the
    /// strings of a JSON one decoded, since the JSON writer escapes some characters (<c>/</c> as <c>\/</c>).
    /// </summary>
    private IEnumerable<(string Source, string Text)> IndexFiles()
    {
        foreach (var file in Directory.Exists(IndexFolder) ? Directory.GetFiles(IndexFolder) : [])
        {
            var source = "file " + Path.GetFileName(file);
            var text = File.ReadAllText(file);
            yield return (source, text);
            if (DecodedStrings(text) is { } strings)
            {
                yield return (source + ", its JSON decoded", strings);
            }
        }
    }

    /// <summary>The signatures of the signed upload URLs the emulator was sent (each part's and completion's too).</summary>
    private IEnumerable<string> SignaturesSent() =>
        _requests.Targets.Select(t => QueryHelpers.ParseQuery(t.Query).TryGetValue("signature", out var signature) ? signature.ToString() : string.Empty)
            .Where(signature => signature.Length > 0)
            .Distinct();

    /// <summary>
    /// A row that used -SkipUnchanged left the index with its uploads in it (so the canary checks read something), and
    /// the index holds no signed upload URL: no upload route, no query of one, none of the URLs the emulator was sent.
    /// </summary>
    private void AssertTheIndexHoldsTheAssetsAndNoUploadUrl(Case row, PipelineResult result, List<(string Source, string Text)> indexFiles)
    {
        if (row.Script.Contains("-SkipUnchanged", StringComparison.Ordinal) && row.ErrorIds.Length == 0)
        {
            var index = Assert.Single(indexFiles, f => f.Source == "file upload-index.json, its JSON decoded").Text;
            var assets = result.OutputOf<FalAsset>();
            Assert.Contains(assets, asset => index.Contains(asset.FileUrl, StringComparison.Ordinal));
            Assert.All(assets.Where(asset => asset.Reused), asset => Assert.Contains(asset.FileUrl, index, StringComparison.Ordinal));
        }

        Assert.True(_requests.Targets.Count > 0 || !_emulatorLog.Lines.Any(line => line.Contains("route=", StringComparison.Ordinal)), "the requests' targets were not captured");
        var marks = _requests.Targets.Where(t => t.Query.Contains("signature=", StringComparison.Ordinal)).Select(t => t.Path + t.Query).Concat(["/uploads/", "expires=", "signature"]).ToList();
        foreach (var (source, text) in indexFiles)
        {
            var mark = marks.FirstOrDefault(m => text.Contains(m, StringComparison.OrdinalIgnoreCase));
            Assert.True(mark == null, $"{source} holds a signed upload URL ('{mark}'): {text}");
        }
    }

    private static string? DecodedStrings(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return string.Join("\n", StringsIn(document.RootElement));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IEnumerable<string> StringsIn(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => StringsIn(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(StringsIn),
        _ => [element.ToString()],
    };
}
