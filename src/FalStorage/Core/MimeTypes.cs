using System;
using System.Collections.Generic;
using System.IO;

namespace FalStorage.Core
{
    /// <summary>
    /// The MIME types of the files fal models take as inputs, by extension. A built-in table rather
    /// than the OS registry or /etc/mime.types, so a runbook gets the same answer on every machine.
    /// </summary>
    internal static class MimeTypes
    {
        public const string Fallback = "application/octet-stream";

        /// <summary>What a string goes as when its name implies no type.</summary>
        public const string PlainTextUtf8 = "text/plain; charset=utf-8";

        private static readonly Dictionary<string, string> ByExtension = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            // Images
            [".png"] = "image/png",
            [".jpg"] = "image/jpeg",
            [".jpeg"] = "image/jpeg",
            [".jpe"] = "image/jpeg",
            [".jfif"] = "image/jpeg",
            [".gif"] = "image/gif",
            [".webp"] = "image/webp",
            [".avif"] = "image/avif",
            [".heic"] = "image/heic",
            [".heif"] = "image/heif",
            [".bmp"] = "image/bmp",
            [".tif"] = "image/tiff",
            [".tiff"] = "image/tiff",
            [".svg"] = "image/svg+xml",
            [".ico"] = "image/x-icon",
            [".psd"] = "image/vnd.adobe.photoshop",
            [".exr"] = "image/x-exr",
            [".hdr"] = "image/vnd.radiance",

            // Audio
            [".wav"] = "audio/wav",
            [".mp3"] = "audio/mpeg",
            [".ogg"] = "audio/ogg",
            [".oga"] = "audio/ogg",
            [".opus"] = "audio/opus",
            [".flac"] = "audio/flac",
            [".m4a"] = "audio/mp4",
            [".aac"] = "audio/aac",
            [".aif"] = "audio/aiff",
            [".aiff"] = "audio/aiff",
            [".weba"] = "audio/webm",
            [".mid"] = "audio/midi",
            [".midi"] = "audio/midi",

            // Video
            [".mp4"] = "video/mp4",
            [".m4v"] = "video/mp4",
            [".mov"] = "video/quicktime",
            [".webm"] = "video/webm",
            [".mkv"] = "video/x-matroska",
            [".avi"] = "video/x-msvideo",
            [".mpeg"] = "video/mpeg",
            [".mpg"] = "video/mpeg",
            [".3gp"] = "video/3gpp",
            [".ts"] = "video/mp2t",
            [".flv"] = "video/x-flv",

            // Text and documents
            [".txt"] = "text/plain",
            [".md"] = "text/markdown",
            [".csv"] = "text/csv",
            [".tsv"] = "text/tab-separated-values",
            [".html"] = "text/html",
            [".htm"] = "text/html",
            [".css"] = "text/css",
            [".srt"] = "application/x-subrip",
            [".vtt"] = "text/vtt",
            [".json"] = "application/json",
            [".jsonl"] = "application/jsonl",
            [".xml"] = "application/xml",
            [".yaml"] = "application/yaml",
            [".yml"] = "application/yaml",
            [".pdf"] = "application/pdf",

            // Archives, 3D assets and model files
            [".zip"] = "application/zip",
            [".tar"] = "application/x-tar",
            [".gz"] = "application/gzip",
            [".tgz"] = "application/gzip",
            [".7z"] = "application/x-7z-compressed",
            [".glb"] = "model/gltf-binary",
            [".gltf"] = "model/gltf+json",
            [".obj"] = "model/obj",
            [".stl"] = "model/stl",
            [".ply"] = "application/x-ply",
            [".usdz"] = "model/vnd.usdz+zip",
            [".safetensors"] = Fallback,
        };

        /// <summary>Every type the table knows, for tab completion.</summary>
        public static IEnumerable<string> Known
        {
            get
            {
                var seen = new SortedSet<string>(StringComparer.Ordinal);
                foreach (var type in ByExtension.Values)
                {
                    seen.Add(type);
                }

                return seen;
            }
        }

        /// <summary>The extensions that map to a type, for the tooltips of tab completion.</summary>
        public static IEnumerable<string> ExtensionsOf(string contentType)
        {
            var extensions = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var entry in ByExtension)
            {
                if (string.Equals(entry.Value, contentType, StringComparison.OrdinalIgnoreCase))
                {
                    extensions.Add(entry.Key);
                }
            }

            return extensions;
        }

        /// <summary>
        /// The type given, or the one the name implies when none was: empty or blank counts as none, as an
        /// empty CSV cell piped to Request-FalUpload, so it is never sent for the service to refuse.
        /// </summary>
        public static string GivenOrInferred(string? given, string fileName) =>
            string.IsNullOrWhiteSpace(given) ? InferFromFileName(fileName) : given!.Trim();

        /// <summary>
        /// The type of a string sent as UTF-8: the one given, else the one its name implies (text types say their
        /// charset), else plain text.
        /// </summary>
        public static string ForText(string? given, string fileName)
        {
            if (!string.IsNullOrWhiteSpace(given))
            {
                return given!.Trim();
            }

            var inferred = InferFromFileName(fileName);
            return inferred == Fallback ? PlainTextUtf8
                : inferred.StartsWith("text/", StringComparison.Ordinal) || inferred == "application/json" ? inferred + "; charset=utf-8"
                : inferred;
        }

        public static string InferFromFileName(string fileName)
        {
            var extension = Path.GetExtension(fileName);
            return !string.IsNullOrEmpty(extension) && ByExtension.TryGetValue(extension, out var type) ? type : Fallback;
        }
    }
}
