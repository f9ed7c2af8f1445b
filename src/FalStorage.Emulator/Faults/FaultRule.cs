namespace FalStorage.Emulator.Faults;

/// <summary>The faults injected into one kind of request. Every member may be changed while the emulator runs: each
/// change puts a new set of settings in place at once, and a request reads one set, never half of a change.</summary>
/// <remarks>Rates are probabilities from 0 to 1, drawn once per request in this order: drop, then 429, then 5xx, then a
/// locked account (their
/// sum is what fails; above 1 the later ones get what is left). A request chosen by <see cref="FailNth"/> fails with
/// <see cref="FailNthWith"/> instead of a random draw. <see cref="Latency"/> delays every request of the kind.
/// A 5xx or 429 is answered after the request body was read (as a proxy would), so clients always see the answer.</remarks>
public sealed class FaultRule
{
    private readonly FaultInjection owner;
    private readonly RouteKind kind;

    internal FaultRule(FaultInjection owner, RouteKind kind)
    {
        this.owner = owner;
        this.kind = kind;
        FailNth = new RequestNumbers(this);
    }

    /// <summary>Share of requests answered 500, 502 or 503 (mixed) with a JSON detail.</summary>
    public double ServerErrorRate { get => Current.ServerErrorRate; set => Change(settings => settings with { ServerErrorRate = CheckRate(value) }); }

    /// <summary>Share of requests answered 429 with <c>Retry-After</c>.</summary>
    public double RateLimitRate { get => Current.RateLimitRate; set => Change(settings => settings with { RateLimitRate = CheckRate(value) }); }

    /// <summary>Sent with 429 in whole seconds, rounded up, at least 1. Default: 1 second.</summary>
    public TimeSpan RetryAfter { get => Current.RetryAfter; set => Change(settings => settings with { RetryAfter = CheckTime(value) }); }

    /// <summary>Share of requests whose connection is closed mid-body: after part of the request body was read (or,
    /// for the CDN, part of the response body was sent).</summary>
    public double DropRate { get => Current.DropRate; set => Change(settings => settings with { DropRate = CheckRate(value) }); }

    /// <summary>Share of requests answered as for a locked account (<see cref="FaultAction.AccountLocked"/>): 1 makes
    /// the account locked for every request of the kind.</summary>
    public double AccountLockedRate { get => Current.AccountLockedRate; set => Change(settings => settings with { AccountLockedRate = CheckRate(value) }); }

    /// <summary>Added before every request of the kind is answered.</summary>
    public TimeSpan Latency { get => Current.Latency; set => Change(settings => settings with { Latency = CheckTime(value) }); }

    /// <summary>Deterministic faults: the Nth request of this kind (1-based, counted since the emulator started) fails
    /// with <see cref="FailNthWith"/>.</summary>
    public RequestNumbers FailNth { get; }

    /// <summary>How the requests in <see cref="FailNth"/> fail. Default: <see cref="FaultAction.ServerError"/> (503).</summary>
    public FaultAction FailNthWith { get => Current.FailNthWith; set => Change(settings => settings with { FailNthWith = CheckAction(value) }); }

    /// <summary>Whether this rule injects anything at all.</summary>
    public bool IsActive => Current.IsActive;

    internal FaultSettings Current => owner.SettingsOf(kind);

    /// <summary>E.g. <c>error=20%, 429=10% (Retry-After 1s), drop=5%, latency=50ms, nth=3,7:Drop</c>; empty when inactive.</summary>
    public override string ToString() => Current.ToString();

    internal void Change(Func<FaultSettings, FaultSettings> change) => owner.Change(kind, change);

    private static double CheckRate(double value) =>
        value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A rate is from 0 to 1.");

    private static FaultAction CheckAction(FaultAction value) =>
        Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Not a fault action.");

    private static TimeSpan CheckTime(TimeSpan value) =>
        value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A time is 0 or more.");
}
