
namespace FalStorage.Emulator.Faults;

/// <summary>Faults the emulator injects on purpose, for testing clients (<see cref="EmulatorOptions.Faults"/>).
/// Off by default. Thread-safe: rules may be changed while the emulator runs, and take effect at the next request.</summary>
public sealed class FaultInjection
{
    private static readonly RouteKind[] Kinds = Enum.GetValues<RouteKind>();
    private static readonly int[] ServerErrors = [500, 502, 503];

    private readonly FaultRule[] rules = Kinds.Select(_ => new FaultRule()).ToArray();
    private readonly long[] requests = new long[Kinds.Length];
    private readonly long[] injected = new long[Kinds.Length];
    private readonly Lock randomLock = new();
    private Random[] randoms = NewRandoms(null);
    private int? seed;

    /// <summary>The rule for one kind of request.</summary>
    public FaultRule this[RouteKind kind] => rules[Index(kind)];

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
    public bool IsActive => rules.Any(rule => rule.IsActive);

    /// <summary>How many faults (5xx, 429, drops; not latency) were injected into requests of this kind.</summary>
    public long InjectedCount(RouteKind kind) => Interlocked.Read(ref injected[Index(kind)]);

    /// <summary>How many requests of this kind the emulator received since it started.</summary>
    public long RequestCount(RouteKind kind) => Interlocked.Read(ref requests[Index(kind)]);

    /// <summary>The active rules, e.g. <c>put: error=20%, latency=50ms; part: nth=3:Drop</c>; empty when off.</summary>
    public override string ToString() =>
        string.Join("; ", Kinds.Where(kind => this[kind].IsActive).Select(kind => $"{FaultSpecification.Name(kind)}: {this[kind]}"));

    /// <summary>At start: request numbers count from the start of each emulator using these rules.</summary>
    internal void ResetCounts()
    {
        for (var i = 0; i < Kinds.Length; i++)
        {
            Interlocked.Exchange(ref requests[i], 0);
            Interlocked.Exchange(ref injected[i], 0);
        }
    }

    /// <summary>Counts a request of <paramref name="kind"/> and decides what happens to it.</summary>
    internal FaultDecision Decide(RouteKind kind)
    {
        var index = Index(kind);
        var rule = rules[index];
        var number = Interlocked.Increment(ref requests[index]);
        FaultAction? action = null;
        var status = 0;
        if (number <= int.MaxValue && rule.FailNth.Contains((int)number))
        {
            action = rule.FailNthWith;
            status = StatusOf(action.Value, 503);
        }
        else
        {
            var (drop, limit, error) = (rule.DropRate, rule.RateLimitRate, rule.ServerErrorRate);
            if (drop + limit + error > 0)
            {
                double draw;
                int pick;
                lock (randomLock)
                {
                    draw = randoms[index].NextDouble();
                    pick = randoms[index].Next(ServerErrors.Length);
                }

                action = draw < drop ? FaultAction.Drop
                    : draw < drop + limit ? FaultAction.RateLimit
                    : draw < drop + limit + error ? FaultAction.ServerError
                    : null;
                status = action is { } chosen ? StatusOf(chosen, ServerErrors[pick]) : 0;
            }
        }

        if (action is not null)
        {
            Interlocked.Increment(ref injected[index]);
        }

        return new FaultDecision(action, status, rule.Latency, rule.RetryAfterSeconds);
    }

    private static int StatusOf(FaultAction action, int serverError) => action switch
    {
        FaultAction.RateLimit => 429,
        FaultAction.ServerError => serverError,
        _ => 0,
    };

    private static int Index(RouteKind kind) =>
        Enum.IsDefined(kind) ? (int)kind : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown route kind.");

    private static Random[] NewRandoms(int? seed) =>
        Kinds.Select(kind => seed is { } value ? new Random(unchecked(value + ((int)kind * 1_000_003))) : new Random()).ToArray();
}
