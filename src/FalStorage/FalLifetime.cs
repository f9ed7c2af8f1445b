using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FalStorage
{
    /// <summary>
    /// How long an uploaded file stays on the CDN: a preset such as 1h, 1d, 7d, 30d, 1y or never,
    /// any whole number of s/m/h/d/w/y, or a TimeSpan. PowerShell converts strings through
    /// <see cref="Parse"/> and TimeSpans through the constructor, so -ExpiresIn takes either.
    /// </summary>
    public sealed class FalLifetime
    {
        private const string NeverText = "never";

        private static readonly Regex AmountAndUnit = new Regex(@"^(?<amount>[0-9]{1,9})(?<unit>[smhdwy])$", RegexOptions.CultureInvariant);

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

            Duration = duration;
            _text = text;
        }

        /// <summary>The presets fal's own clients offer, for tab completion and help.</summary>
        public static IReadOnlyList<string> Presets { get; } = new[] { "1h", "1d", "7d", "30d", "1y", NeverText };

        /// <summary>No expiry is asked for: the file stays as long as the account's retention allows.</summary>
        public static FalLifetime Never { get; } = new FalLifetime(null, NeverText);

        /// <summary>The lifetime, or null for never.</summary>
        public TimeSpan? Duration { get; }

        public static FalLifetime Parse(string text)
        {
            var trimmed = (text ?? string.Empty).Trim().ToLowerInvariant();
            if (trimmed == NeverText)
            {
                return Never;
            }

            var match = AmountAndUnit.Match(trimmed);
            if (match.Success)
            {
                var amount = long.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture);
                return new FalLifetime(TimeSpan.FromTicks(Units[match.Groups["unit"].Value].Ticks * amount), trimmed);
            }

            if (TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var duration))
            {
                return new FalLifetime(duration);
            }

            throw new FormatException(
                $"'{text}' is not a lifetime. Use {string.Join(", ", Presets)}, a number with s, m, h, d, w or y (e.g. 12h), or a TimeSpan.");
        }

        public override string ToString() => _text;
    }
}
