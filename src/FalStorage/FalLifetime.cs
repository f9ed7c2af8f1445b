using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FalStorage
{
    /// <summary>
    /// How long an uploaded file stays on the CDN: a preset such as 1h, 1d, 7d, 30d, 1y or never,
    /// any whole number of s/m/h/d/w/y, or a TimeSpan, from a second to <see cref="Longest"/>. PowerShell converts
    /// strings through <see cref="Parse"/> and TimeSpans through the constructor, so -ExpiresIn takes either, and
    /// what is not a lifetime is refused at binding, before anything is sent.
    /// </summary>
    public sealed class FalLifetime
    {
        private const string NeverText = "never";

        // Units are lower case only: 'M' would mean minutes to some and months to others.
        private static readonly Regex AmountAndUnit = new Regex(@"^(?<amount>[0-9]{1,9})(?<unit>[a-zA-Z]+)$", RegexOptions.CultureInvariant);

        private const string UnitList = "s (seconds), m (minutes), h (hours), d (days), w (weeks) or y (365 days), in lower case";

        private static readonly Dictionary<string, TimeSpan> Units = new Dictionary<string, TimeSpan>
        {
            ["s"] = TimeSpan.FromSeconds(1),
            ["m"] = TimeSpan.FromMinutes(1),
            ["h"] = TimeSpan.FromHours(1),
            ["d"] = TimeSpan.FromDays(1),
            ["w"] = TimeSpan.FromDays(7),
            ["y"] = TimeSpan.FromDays(365),
        };

        private readonly string _text;

        public FalLifetime(TimeSpan duration)
            : this(duration, duration.ToString("c", CultureInfo.InvariantCulture))
        {
        }

        private FalLifetime(TimeSpan? duration, string text)
        {
            if (duration != null && duration.Value < TimeSpan.FromSeconds(1))
            {
                throw new ArgumentOutOfRangeException(nameof(duration), "A lifetime must be at least one second.");
            }

            if (duration != null && duration.Value > Longest)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(duration),
                    $"A lifetime of {text} is longer than fal Storage keeps a file: at most {Longest.TotalDays:0} days ({Longest.TotalSeconds:0} seconds). For a file that should not expire, use never.");
            }

            Duration = duration;
            _text = text;
        }

        /// <summary>
        /// The longest lifetime the module asks for: ten years of 366 days (316,224,000 s), which the emulator also
        /// takes as its limit. fal publishes none; a service that refuses a lifetime is reported once per command.
        /// </summary>
        public static TimeSpan Longest { get; } = TimeSpan.FromDays(10 * 366);

        /// <summary>The presets fal's own clients offer, for tab completion and help.</summary>
        public static IReadOnlyList<string> Presets { get; } = new[] { "1h", "1d", "7d", "30d", "1y", NeverText };

        /// <summary>No expiry is asked for: the file stays as long as the account's retention allows.</summary>
        public static FalLifetime Never { get; } = new FalLifetime(null, NeverText);

        /// <summary>The lifetime, or null for never.</summary>
        public TimeSpan? Duration { get; }

        public static FalLifetime Parse(string text)
        {
            var trimmed = (text ?? string.Empty).Trim();
            if (string.Equals(trimmed, NeverText, StringComparison.OrdinalIgnoreCase))
            {
                return Never;
            }

            var match = AmountAndUnit.Match(trimmed);
            if (match.Success)
            {
                var unitText = match.Groups["unit"].Value;
                if (!Units.TryGetValue(unitText, out var unit))
                {
                    throw new FormatException(
                        $"'{text}' is not a lifetime: '{unitText}' is not a unit. Units are {UnitList} (for a month, write 30d). Use {string.Join(", ", Presets)}, a number with a unit (e.g. 12h), or a TimeSpan.");
                }

                // Whole days and seconds compare exactly with Longest; 9 digits of years would overflow ticks.
                var amount = long.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture);
                var seconds = Math.Min(amount * (long)unit.TotalSeconds, (long)Longest.TotalSeconds + 1);
                return new FalLifetime(TimeSpan.FromSeconds(seconds), trimmed);
            }

            if (TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var duration))
            {
                return new FalLifetime(duration);
            }

            throw new FormatException(
                $"'{text}' is not a lifetime. Use {string.Join(", ", Presets)}, a number with {UnitList} (e.g. 12h), or a TimeSpan.");
        }

        public override string ToString() => _text;
    }
}
