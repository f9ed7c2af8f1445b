using System.Collections.Immutable;
using System.Globalization;

namespace FalStorage.Emulator.Faults;

/// <summary>One kind's faults at one moment: immutable, so a request reads all of them at once, and a change is a
/// new record put in place atomically (<see cref="FaultInjection"/>). Validated by <see cref="FaultRule"/>.</summary>
internal sealed record FaultSettings
{
    public static FaultSettings None { get; } = new();

    public double ServerErrorRate { get; init; }

    public double RateLimitRate { get; init; }

    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    public double DropRate { get; init; }

    public TimeSpan Latency { get; init; }

    public double AccountLockedRate { get; init; }

    public ImmutableSortedSet<int> FailNth { get; init; } = [];

    public FaultAction FailNthWith { get; init; } = FaultAction.ServerError;

    public bool IsActive => ServerErrorRate > 0 || RateLimitRate > 0 || DropRate > 0 || AccountLockedRate > 0 || Latency > TimeSpan.Zero || FailNth.Count > 0;

    /// <summary>Whole seconds for the header, rounded up, at least 1.</summary>
    public long RetryAfterSeconds => Math.Max(1, (long)Math.Ceiling(RetryAfter.TotalSeconds));

    /// <summary>E.g. <c>error=20%, 429=10% (Retry-After 1s), drop=5%, locked=100%, latency=50ms, nth=3,7:Drop</c>; empty when inactive.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (ServerErrorRate > 0)
        {
            parts.Add($"error={Percent(ServerErrorRate)}");
        }

        if (RateLimitRate > 0)
        {
            parts.Add($"429={Percent(RateLimitRate)} (Retry-After {RetryAfterSeconds}s)");
        }

        if (DropRate > 0)
        {
            parts.Add($"drop={Percent(DropRate)}");
        }

        if (AccountLockedRate > 0)
        {
            parts.Add($"locked={Percent(AccountLockedRate)}");
        }

        if (Latency > TimeSpan.Zero)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"latency={Latency.TotalMilliseconds:0.#}ms"));
        }

        if (FailNth.Count > 0)
        {
            parts.Add($"nth={string.Join(',', FailNth)}:{FailNthWith}");
        }

        return string.Join(", ", parts);
    }

    private static string Percent(double rate) => string.Create(CultureInfo.InvariantCulture, $"{rate * 100:0.##}%");
}
