using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace FalStorage.Core.Api
{
    /// <summary>
    /// X-Fal-Object-Lifecycle: asks fal Storage to delete the uploaded object a while after the upload, and to give it
    /// an ACL (<c>{"expiration_duration_seconds": N, "initial_acl": {...}}</c>, each part only when asked for).
    /// </summary>
    internal static class ObjectLifecycle
    {
        public const string Name = "X-Fal-Object-Lifecycle";

        /// <summary>The name fal's documentation gives it; fal's Python client sends both on a token upload, and so does this module.</summary>
        public const string PreferenceName = "X-Fal-Object-Lifecycle-Preference";

        /// <summary>The member that carries the lifetime, which a service's refusal names.</summary>
        public const string Field = "expiration_duration_seconds";

        /// <summary>The member that carries the ACL.</summary>
        public const string AclField = "initial_acl";

        /// <summary>
        /// The header's value, or null when none is to be sent: no lifetime asked for (or never) and no ACL, so the
        /// account's settings apply.
        /// </summary>
        public static string? ValueFor(FalLifetime? lifetime, FalAcl? acl)
        {
            var members = new List<System.Xml.Linq.XElement>();
            if (lifetime?.Duration is TimeSpan duration)
            {
                members.Add(Json.Number(Field, (long)duration.TotalSeconds));
            }

            if (acl != null)
            {
                members.Add(AclJson.Write(AclField, acl));
            }

            return members.Count == 0 ? null : AsciiOnly(Encoding.UTF8.GetString(Json.Serialize(Json.Object("root", members.ToArray()))));
        }

        /// <summary>A header carries ASCII: a user named in another script goes as JSON's \u escapes.</summary>
        private static string AsciiOnly(string json)
        {
            var ascii = new StringBuilder(json.Length);
            foreach (var c in json)
            {
                ascii.Append(c > '~' || c < ' ' ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : c.ToString());
            }

            return ascii.ToString();
        }
    }
}
