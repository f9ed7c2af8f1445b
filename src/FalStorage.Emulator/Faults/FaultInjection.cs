using System.Collections.Immutable;

namespace FalStorage.Emulator.Faults;

/// <summary>Faults the emulator injects on purpose, for testing clients (<see cref="EmulatorOptions.Faults"/>).
/// Off by default. Thread-safe: rules may be changed while the emulator runs, and take effect at the next request.</summary>
/// <remarks>The settings of all kinds are one immutable array, replaced whole on every change
/// (<see cref="ImmutableInterlocked"/>); the request counts are the only state changed in place
/// (<see cref="RequestCounters"/>), and the random generators, which are not thread-safe, are drawn from under a lock.</remarks>
public sealed class FaultInjection
{
    private static readonly RouteKind[] Kinds = Enum.GetValues<RouteKind>();
    private static readonly int[] ServerErrors = [500, 502, 503];

    private readonly FaultRule[] rules;
    private readonly RequestCounters counters = new();
    private readonly Lock randomLock = new();
    private ImmutableArray<FaultSettings> settings = [.. Kinds.Select(_ => FaultSettings.None)];
    private Random[] randoms = NewRandoms(null);
    private int? seed;

    public FaultInjection() => rules = [.. Kinds.Select(kind => new FaultRule(this, kind))];

    /// <summary>The rule for one kind of request.</summary>
    public FaultRule this[RouteKind kind] => rules[(int)Checked(kind)];

    /// <summary>Makes the random faults reproducible: each kind draws from its own generator seeded from this, so the
    /// same requests of a kind, in the same order, get the same faults. Null (default): not reproducible.
    /// Setting it restarts the generators.</summary>
    public int? Seed
    {
        get
        {
            lock (randomLock)
            {
                return seed;
            }
        }

        set
        {
            lock (randomLock)
            {
                seed = value;
                randoms = NewRandoms(value);
            }
        }
    }

    /// <summary>Whether any rule injects anything.</summary>
    public bool IsActive => settings.Any(rule => rule.IsActive);

    /// <summary>How many faults (5xx, 429, drops, locked accounts; not latency) were injected into requests of this kind.</summary>
    public long InjectedCount(RouteKind kind) => counters.Injected(Checked(kind));

    /// <summary>How many requests of this kind the emulator received since it started.</summary>
    public long RequestCount(RouteKind kind) => counters.Received(Checked(kind));

    /// <summary>The active rules, e.g. <c>put: error=20%, latency=50ms; part: nth=3:Drop</c>; empty when off.</summary>
    public override string ToString()
    {
        var all = settings;
        return string.Join("; ", Kinds.Where(kind => all[(int)kind].IsActive).Select(kind => $"{FaultSpecification.Name(kind)}: {all[(int)kind]}"));
    }

    /// <summary>At start: request numbers count from the start of each emulator using these rules.</summary>
    internal void ResetCounts() => counters.Reset();

    internal FaultSettings SettingsOf(RouteKind kind) => settings[(int)kind];

    /// <summary>Replaces the settings of <paramref name="kind"/> with what <paramref name="change"/> makes of them,
    /// atomically (tried again if another change came first).</summary>
    internal void Change(RouteKind kind, Func<FaultSettings, FaultSettings> change) =>
        ImmutableInterlocked.Update(ref settings, all => all.SetItem((int)kind, change(all[(int)kind])));

    /// <summary>Counts a request of <paramref name="kind"/> and decides what happens to it.</summary>
    internal FaultDecision Decide(RouteKind kind)
    {
        var rule = settings[(int)Checked(kind)];
        var number = counters.Receive(kind);
        FaultAction? action = null;
        var status = 0;
        if (number <= int.MaxValue && rule.FailNth.Contains((int)number))
        {
            action = rule.FailNthWith;
            status = StatusOf(action.Value, 503);
        }
        else
        {
            var (drop, limit, error, locked) = (rule.DropRate, rule.RateLimitRate, rule.ServerErrorRate, rule.AccountLockedRate);
            if (drop + limit + error + locked > 0)
            {
                double draw;
                int pick;
                lock (randomLock)
                {
                    draw = randoms[(int)kind].NextDouble();
                    pick = randoms[(int)kind].Next(ServerErrors.Length);
                }

                action = draw < drop ? FaultAction.Drop
                    : draw < drop + limit ? FaultAction.RateLimit
                    : draw < drop + limit + error ? FaultAction.ServerError
                    : draw < drop + limit + error + locked ? FaultAction.AccountLocked
                    : null;
                status = action is { } chosen ? StatusOf(chosen, ServerErrors[pick]) : 0;
            }
        }

        if (action is not null)
        {
            counters.CountFault(kind);
        }

        return new FaultDecision(action, status, rule.Latency, rule.RetryAfterSeconds);
    }

    private static int StatusOf(FaultAction action, int serverError) => action switch
    {
        FaultAction.RateLimit => 429,
        FaultAction.AccountLocked => 403,
        FaultAction.ServerError => serverError,
        _ => 0,
    };

    private static RouteKind Checked(RouteKind kind) =>
        Enum.IsDefined(kind) ? kind : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown route kind.");

    private static Random[] NewRandoms(int? seed) =>
        Kinds.Select(kind => seed is { } value ? new Random(unchecked(value + ((int)kind * 1_000_003))) : new Random()).ToArray();
}
