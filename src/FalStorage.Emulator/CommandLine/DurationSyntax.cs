using System.Globalization;

namespace FalStorage.Emulator.CommandLine;

/// <summary>How the command line writes a duration, for every option and for <c>--fault</c>: a number with a unit
/// (<c>50ms</c>, <c>2s</c>, <c>1.5m</c>), a TimeSpan (<c>00:05:00</c>, <c>1.00:00:00</c>), or bare seconds
/// (<c>300</c>) where a unit is not required. Ranges are the caller's to check.</summary>
internal static class DurationSyntax
{
    private static readonly (string Suffix, double Milliseconds)[] Units = [("ms", 1), ("s", 1000), ("m", 60_000)];

    /// <param name="bareSeconds">Whether a number without a unit is seconds; otherwise it is refused (in a fault's
    /// latency, a bare 50 could as well mean milliseconds).</param>
    public static bool TryParse(string value, bool bareSeconds, out TimeSpan duration)
    {
        foreach (var (suffix, milliseconds) in Units)
        {
            if (value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && TryParseNumber(value[..^suffix.Length], out var amount))
            {
                duration = Clamped(amount * milliseconds);
                return true;
            }
        }

        if (bareSeconds && TryParseNumber(value, out var seconds))
        {
            duration = Clamped(seconds * 1000);
            return true;
        }

        // A TimeSpan needs its colon: "5" alone is the number above, not five days.
        duration = default;
        return value.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out duration);
    }

    private static bool TryParseNumber(string value, out double number) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number);

    // Clamped so an absurd number reaches the caller's range check and its clear message instead of overflowing TimeSpan.
    private static TimeSpan Clamped(double milliseconds) => TimeSpan.FromMilliseconds(Math.Min(milliseconds, TimeSpan.MaxValue.TotalMilliseconds / 2));
}
