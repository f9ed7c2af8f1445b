using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;
using FalStorage.Core.Api;

namespace FalStorage.Core.Index
{
    /// <summary>
    /// The upload index file: <c>{"format": "falstorage-upload-index", "version": 1, "salt": base64, "entries": [{sha256, length, fileName, contentType,
    /// endpoint, keyScope, fileUrl, uploadedAt, expiresAt?, etag?}, ...]}</c>, dates in ISO 8601 with their offset.
    /// An optional member is absent when unknown, so files written before it existed still load (and the version
    /// stays 1: a version that does not know a member leaves it out on its next save, rather than losing the index).
    /// The format member comes first (<see cref="UploadIndexFile"/> knows a damaged index by it); files written before
    /// it existed have none, and still load.
    /// </summary>
    internal sealed class UploadIndexDocument
    {
        public const long Version = 1;

        public UploadIndexDocument(byte[] salt, IReadOnlyList<UploadIndexEntry> entries)
        {
            Salt = salt;
            Entries = entries;
        }

        public byte[] Salt { get; }

        public IReadOnlyList<UploadIndexEntry> Entries { get; }

        public static UploadIndexDocument Empty() => new UploadIndexDocument(UploadIndex.NewSalt(), Array.Empty<UploadIndexEntry>());

        public byte[] Serialize() =>
            Json.Serialize(Json.Object(
                "root",
                Json.String("format", UploadIndexFile.FormatName),
                Json.Number("version", Version),
                Json.String("salt", Convert.ToBase64String(Salt)),
                Json.Array("entries", Entries.Select(entry => Json.Object(
                    "item",
                    new[]
                    {
                        Json.String("sha256", entry.Key.Sha256),
                        Json.Number("length", entry.Key.Length),
                        Json.String("fileName", entry.Key.FileName),
                        Json.String("contentType", entry.Key.ContentType),
                        Json.String("endpoint", entry.Key.Endpoint),
                        Json.String("keyScope", entry.Key.KeyScope),
                        Json.String("fileUrl", entry.FileUrl),
                        Json.String("uploadedAt", entry.UploadedAt.ToString("o", CultureInfo.InvariantCulture)),
                        entry.ExpiresAt == null ? null : Json.String("expiresAt", entry.ExpiresAt.Value.ToString("o", CultureInfo.InvariantCulture)),
                        entry.ETag == null ? null : Json.String("etag", entry.ETag),
                    }.Where(member => member != null).ToArray()!)))));

        /// <summary>The document, or null when the bytes are not an index of this version.</summary>
        public static UploadIndexDocument? TryParse(byte[] content)
        {
            var root = Json.TryParse(content);
            var salt = root == null ? null : DecodeSalt(Json.GetString(root, "salt"));
            var format = root == null ? null : Json.GetString(root, "format");
            if (root == null || (format != null && format != UploadIndexFile.FormatName) || Json.GetLong(root, "version") != Version || salt == null)
            {
                return null;
            }

            var entries = new List<UploadIndexEntry>();
            foreach (var item in Json.GetArray(root, "entries") ?? Enumerable.Empty<XElement>())
            {
                var entry = ParseEntry(item);
                if (entry == null)
                {
                    return null;
                }

                entries.Add(entry);
            }

            return new UploadIndexDocument(salt, entries);
        }

        /// <summary>The format version a JSON document names, or null when it is no JSON object with one.</summary>
        public static long? ReadVersion(byte[] content)
        {
            var root = Json.TryParse(content);
            return root == null ? null : Json.GetLong(root, "version");
        }

        private static UploadIndexEntry? ParseEntry(XElement item)
        {
            var sha256 = Json.GetString(item, "sha256");
            var length = Json.GetLong(item, "length");
            var fileName = Json.GetString(item, "fileName");
            var contentType = Json.GetString(item, "contentType");
            var endpoint = Json.GetString(item, "endpoint");
            var keyScope = Json.GetString(item, "keyScope");
            var fileUrl = Json.GetString(item, "fileUrl");
            var expiresAtText = Json.GetString(item, "expiresAt");
            DateTimeOffset? expiresAt = null;
            if (expiresAtText != null)
            {
                if (!TryParseDate(expiresAtText, out var parsed))
                {
                    return null;
                }

                expiresAt = parsed;
            }

            if (sha256 == null || length == null || fileName == null || contentType == null || endpoint == null || keyScope == null
                || fileUrl == null || !TryParseDate(Json.GetString(item, "uploadedAt"), out var uploadedAt))
            {
                return null;
            }

            return new UploadIndexEntry(
                new UploadIndexKey(sha256, length.Value, fileName, contentType, endpoint, keyScope), fileUrl, uploadedAt, expiresAt, Json.GetString(item, "etag"));
        }

        private static byte[]? DecodeSalt(string? text)
        {
            try
            {
                return text == null ? null : Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                return null;
            }
        }

        private static bool TryParseDate(string? text, out DateTimeOffset value) =>
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out value);
    }
}
