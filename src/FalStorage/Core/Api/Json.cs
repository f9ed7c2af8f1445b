using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Serialization.Json;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace FalStorage.Core.Api
{
    /// <summary>
    /// JSON through what the framework has: the module ships no third-party assembly, because
    /// Azure Automation loads every module into one process and a second JSON library collides.
    /// The framework's JSON reader exposes a document as XML, which is what this walks.
    /// </summary>
    internal static class Json
    {
        public static byte[] SerializeObject(params (string Name, string Value)[] properties) =>
            Serialize(Object("root", properties.Select(p => String(p.Name, p.Value)).ToArray()));

        // Builders for the documents the client sends, in the reader's XML shape.
        public static XElement Object(string name, params XElement[] members) => new XElement(name, new XAttribute("type", "object"), members);

        public static XElement Array(string name, IEnumerable<XElement> items) => new XElement(name, new XAttribute("type", "array"), items);

        public static XElement String(string name, string value) => new XElement(name, new XAttribute("type", "string"), value);

        public static XElement Number(string name, long value) =>
            new XElement(name, new XAttribute("type", "number"), value.ToString(CultureInfo.InvariantCulture));

        public static XElement Null(string name) => new XElement(name, new XAttribute("type", "null"));

        public static byte[] Serialize(XElement root)
        {
            using var buffer = new MemoryStream();
            using (var writer = JsonReaderWriterFactory.CreateJsonWriter(buffer, Encoding.UTF8, ownsStream: false))
            {
                root.WriteTo(writer);
            }

            return buffer.ToArray();
        }

        /// <summary>The document, or null when the bytes are not JSON.</summary>
        public static XElement? TryParse(byte[] body)
        {
            if (body.Length == 0)
            {
                return null;
            }

            try
            {
                using var reader = JsonReaderWriterFactory.CreateJsonReader(body, XmlDictionaryReaderQuotas.Max);
                return XElement.Load(reader);
            }
            catch (XmlException)
            {
                return null;
            }
        }

        /// <summary>A string member of a JSON object; the reader encodes names that are not XML names as items.</summary>
        public static string? GetString(XElement obj, string name)
        {
            var member = obj.Elements().FirstOrDefault(e => MemberName(e) == name);
            return member != null && (string?)member.Attribute("type") == "string" ? member.Value : null;
        }

        /// <summary>A whole-number member of a JSON object, or null when it is missing or no such number.</summary>
        public static long? GetLong(XElement obj, string name)
        {
            var member = obj.Elements().FirstOrDefault(e => MemberName(e) == name);
            return member != null && (string?)member.Attribute("type") == "number"
                && long.TryParse(member.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : (long?)null;
        }

        /// <summary>An object member of a JSON object, or null when it is missing, null or no object.</summary>
        public static XElement? GetObject(XElement obj, string name)
        {
            var member = obj.Elements().FirstOrDefault(e => MemberName(e) == name);
            return member != null && (string?)member.Attribute("type") == "object" ? member : null;
        }

        /// <summary>The items of an array member of a JSON object, or null when it is missing or no array.</summary>
        public static IEnumerable<XElement>? GetArray(XElement obj, string name)
        {
            var member = obj.Elements().FirstOrDefault(e => MemberName(e) == name);
            return member != null && (string?)member.Attribute("type") == "array" ? member.Elements() : null;
        }

        /// <summary>
        /// The "detail" of a fal error body, which is a string or a list of FastAPI validation errors
        /// (objects with "loc" and "msg"); a list is turned into one readable line.
        /// </summary>
        public static string? ReadErrorDetail(byte[] body)
        {
            var document = TryParse(body);
            var detail = document?.Elements().FirstOrDefault(e => MemberName(e) == "detail");
            if (detail == null)
            {
                return null;
            }

            switch ((string?)detail.Attribute("type"))
            {
                case "string":
                    return detail.Value;
                case "array":
                    return string.Join("; ", detail.Elements().Select(DescribeValidationError));
                default:
                    return detail.Value;
            }
        }

        private static string DescribeValidationError(XElement item)
        {
            var message = GetString(item, "msg") ?? item.Value;
            var location = item.Elements().FirstOrDefault(e => MemberName(e) == "loc");
            var field = location?.Elements().LastOrDefault()?.Value;
            return string.IsNullOrEmpty(field) ? message : $"{field}: {message}";
        }

        private static string MemberName(XElement element) =>
            element.Name.LocalName == "item" ? (string?)element.Attribute("item") ?? "item" : element.Name.LocalName;
    }
}
