using System.Globalization;

namespace FalStorage.Emulator.CommandLine;

/// <summary>How the command line writes a size: bytes, or a number with a unit: KiB, MiB, GiB, TiB (powers of 1024)
/// or KB, MB, GB, TB (of 1000), e.g. <c>1048576</c>, <c>512KiB</c>, <c>1.5 MiB</c>.</summary>
internal static class SizeSyntax
{
    private static readonly (string Unit, long Factor)[] Units =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40),
        ("KB", 1000L), ("MB", 1000L * 1000), ("GB", 1000L * 1000 * 1000), ("TB", 1000L * 1000 * 1000 * 1000),
        ("B", 1L),
    ];

    /// <summary>A whole number of bytes of at least 1.</summary>
    public static bool TryParse(string value, out long bytes)
    {
        var trimmed = value.Trim();
        var (number, factor) = (trimmed, 1L);
        foreach (var (unit, unitFactor) in Units)
        {
            if (trimmed.EndsWith(unit, StringComparison.OrdinalIgnoreCase))
            {
                (number, factor) = (trimmed[..^unit.Length].TrimEnd(), unitFactor);
                break;
            }
        }

        if (decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            && amount <= long.MaxValue / 2 / factor
            && amount * factor is var exact && exact >= 1 && exact == decimal.Truncate(exact))
        {
            bytes = (long)exact;
            return true;
        }

        bytes = 0;
        return false;
    }
}
