using System;
using System.Collections;
using System.Management.Automation;

namespace FalStorage.Commands
{
    /// <summary>
    /// What Save-FalAsset takes as one file: a FalAsset, a URL string, a [uri], or any object with a Url property (a
    /// model's File objects, <c>{url, content_type, file_name, file_size}</c>, as ConvertFrom-Json or a hashtable gives
    /// them), with the name it suggests (file_name, FileName) and the SHA-256 it vouches for (a verified FalAsset's).
    /// </summary>
    internal sealed class DownloadInput
    {
        private DownloadInput(Uri url, string? fileName, string? sha256)
        {
            Url = url;
            FileName = fileName;
            Sha256 = sha256;
        }

        public Uri Url { get; }

        /// <summary>The name the input gives the file, not yet made safe; null: the URL's own.</summary>
        public string? FileName { get; }

        public string? Sha256 { get; }

        /// <summary>The input as a download, or an ArgumentException saying why it is not one.</summary>
        public static DownloadInput From(object value)
        {
            var inner = value is PSObject wrapped ? wrapped.BaseObject : value;
            switch (inner)
            {
                case FalAsset asset:
                    return new DownloadInput(ParseUrl(asset.FileUrl), asset.FileName, asset.Sha256);
                case Uri uri:
                    return new DownloadInput(ParseUrl(uri.OriginalString), null, null);
                case string text:
                    return new DownloadInput(ParseUrl(text), null, null);
                case IDictionary dictionary:
                    return FromProperties(key => dictionary.Contains(key) ? dictionary[key] : null, value);
                default:
                    var properties = PSObject.AsPSObject(value).Properties;
                    return FromProperties(name => properties[name]?.Value, value);
            }
        }

        private static DownloadInput FromProperties(Func<string, object?> property, object value)
        {
            var url = property("Url") ?? property("url");
            if (url == null)
            {
                throw new ArgumentException(
                    $"{Describe(value)} is not a URL and has no Url property. Give URLs, FalAssets or a model's file objects (such as $result.images, each with a url), or -Url.");
            }

            var name = property("file_name") ?? property("FileName");
            return new DownloadInput(ParseUrl(url.ToString()), name?.ToString(), null);
        }

        /// <summary>An absolute http or https URL; anything else is refused, a file: or ftp: URL included.</summary>
        public static Uri ParseUrl(string text)
        {
            if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url))
            {
                throw new ArgumentException($"'{text}' is not an absolute URL. Give an http or https URL, such as https://v3.fal.media/files/.../image.png.");
            }

            return url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps
                ? url
                : throw new ArgumentException($"'{url.Scheme}:' URLs are not downloaded: only http and https. ('{Core.SafeUrl.Describe(url)}')");
        }

        private static string Describe(object value)
        {
            var inner = value is PSObject wrapped ? wrapped.BaseObject : value;
            return $"The input of type {inner.GetType().FullName}";
        }
    }
}
