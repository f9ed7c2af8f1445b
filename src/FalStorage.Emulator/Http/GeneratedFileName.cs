using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace FalStorage.Emulator.Http;

/// <summary>The name of an object uploaded without one (a token upload without <c>X-Fal-File-Name</c>, as fal's Python
/// client sends when it knows none): random, with the extension of its content type, as a careful store names it.</summary>
internal static class GeneratedFileName
{
    /// <summary>The extension Python's <c>mimetypes.guess_extension</c> gives, for the types with several.</summary>
    private static readonly Dictionary<string, string> Preferred = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application/octet-stream"] = ".bin",
        ["audio/mpeg"] = ".mp3",
        ["image/jpeg"] = ".jpg",
        ["image/tiff"] = ".tiff",
        ["text/html"] = ".html",
        ["text/plain"] = ".txt",
        ["video/mpeg"] = ".mpeg",
        ["video/quicktime"] = ".mov",
    };

    /// <summary>Every other known type's extension, from ASP.NET Core's table: the subtype itself where it is one of
    /// them (<c>video/mp4</c>: <c>.mp4</c>, not <c>.m4v</c>), else the shortest, then the first in order.</summary>
    private static readonly Dictionary<string, string> ByType = new FileExtensionContentTypeProvider().Mappings
        .GroupBy(mapping => mapping.Value, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(
            group => group.Key,
            group => group.Select(mapping => mapping.Key.ToLowerInvariant())
                .OrderBy(extension => extension == "." + group.Key[(group.Key.IndexOf('/') + 1)..].ToLowerInvariant() ? 0 : 1)
                .ThenBy(extension => extension.Length)
                .ThenBy(extension => extension, StringComparer.Ordinal)
                .First(),
            StringComparer.OrdinalIgnoreCase);

    /// <param name="contentType">A valid media type (validated before), parameters allowed.</param>
    public static string For(string contentType)
    {
        var essence = MediaTypeHeaderValue.Parse(contentType).MediaType.ToString();
        var extension = Preferred.GetValueOrDefault(essence) ?? ByType.GetValueOrDefault(essence) ?? "";
        return Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + extension;
    }
}
