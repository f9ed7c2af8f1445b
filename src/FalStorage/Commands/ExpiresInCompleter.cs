using System;
using System.Collections.Generic;

namespace FalStorage.Commands
{
    /// <summary>Completes -ExpiresIn with the lifetime presets fal's own clients offer.</summary>
    internal sealed class ExpiresInCompleter : ValueCompleter
    {
        protected override IEnumerable<(string Value, string ToolTip)> Candidates()
        {
            foreach (var preset in FalLifetime.Presets)
            {
                var duration = FalLifetime.Parse(preset).Duration;
                yield return (preset, duration == null
                    ? "never: no expiry is asked for; the account's retention applies"
                    : $"{preset}: deleted from the CDN {Describe(duration.Value)} after the upload");
            }
        }

        private static string Describe(TimeSpan duration) =>
            duration.TotalDays >= 1 ? Count(duration.TotalDays, "day") : Count(duration.TotalHours, "hour");

        private static string Count(double amount, string unit) => $"{amount:0} {unit}{(amount == 1 ? string.Empty : "s")}";
    }
}
