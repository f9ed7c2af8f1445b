using System;
using System.Globalization;

namespace FalStorage.Core.Api
{
    /// <summary>X-Fal-Object-Lifecycle: asks fal Storage to delete the uploaded object a while after the upload.</summary>
    internal static class ObjectLifecycle
    {
        public const string Name = "X-Fal-Object-Lifecycle";

        /// <summary>The name fal's documentation gives it; fal's Python client sends both on a token upload, and so does this module.</summary>
        public const string PreferenceName = "X-Fal-Object-Lifecycle-Preference";

        /// <summary>The member that carries the lifetime, which a service's refusal names.</summary>
        public const string Field = "expiration_duration_seconds";

        /// <summary>The header's value for a lifetime, or null when none is to be sent (no lifetime asked for, or never).</summary>
        public static string? ValueFor(FalLifetime? lifetime) => lifetime?.Duration is TimeSpan duration
            ? "{\"" + Field + "\":" + ((long)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "}"
            : null;
    }
}
