using System.Collections;
using System.Globalization;

namespace FalStorage.Emulator;

/// <summary>The kinds of request that fault injection can target.</summary>
public enum RouteKind
{
    /// <summary><c>POST /storage/upload/initiate</c> and <c>/storage/upload/initiate-multipart</c>.</summary>
    Initiate,

    /// <summary>The single upload: <c>PUT {upload_url}</c>.</summary>
    Put,

    /// <summary>A part of a multipart upload: <c>PUT {upload_url path}/{N}{query}</c>.</summary>
    Part,

    /// <summary>The completion of a multipart upload: <c>POST {upload_url path}/complete{query}</c>.</summary>
    Complete,

    /// <summary>The file URL: <c>GET</c> or <c>HEAD /files/{id}/{name}</c>.</summary>
    Cdn,

    /// <summary>The CDN token: <c>POST /storage/auth/token</c>.</summary>
    Token,

    /// <summary>A single upload of the token flow: <c>POST /files/upload</c>.</summary>
    TokenUpload,

    /// <summary>The start of a multipart upload of the token flow: <c>POST /files/upload/multipart</c>.</summary>
    TokenMultipart,

    /// <summary>A part of the token flow: <c>PUT {access_url}/multipart/{uploadId}/{N}</c>.</summary>
    TokenPart,

    /// <summary>The completion of the token flow: <c>POST {access_url}/multipart/{uploadId}/complete</c>.</summary>
    TokenComplete,
}

/// <summary>How a request chosen by <see cref="FaultRule.FailNth"/> fails.</summary>
public enum FaultAction
{
    /// <summary>503 with a JSON detail.</summary>
    ServerError,

    /// <summary>429 with <c>Retry-After</c> and a JSON detail.</summary>
    RateLimit,

    /// <summary>The connection is closed mid-body, without an answer.</summary>
    Drop,
}

/// <summary>The faults injected into one kind of request. Every member may be changed while the emulator runs.</summary>
/// <remarks>Rates are probabilities from 0 to 1, drawn once per request in this order: drop, then 429, then 5xx (their
/// sum is what fails; above 1 the later ones get what is left). A request chosen by <see cref="FailNth"/> fails with
/// <see cref="FailNthWith"/> instead of a random draw. <see cref="Latency"/> delays every request of the kind.
/// A 5xx or 429 is answered after the request body was read (as a proxy would), so clients always see the answer.</remarks>
public sealed class FaultRule
{
    private double serverErrorRate;
    private double rateLimitRate;
    private double dropRate;
    private long retryAfterTicks = TimeSpan.TicksPerSecond;
    private long latencyTicks;
    private int failNthWith = (int)FaultAction.ServerError;

    /// <summary>Share of requests answered 500, 502 or 503 (mixed) with a JSON detail.</summary>
    public double ServerErrorRate
    {
        get => Volatile.Read(ref serverErrorRate);
        set => Volatile.Write(ref serverErrorRate, CheckRate(value));
    }

    /// <summary>Share of requests answered 429 with <c>Retry-After</c>.</summary>
    public double RateLimitRate
    {
        get => Volatile.Read(ref rateLimitRate);
        set => Volatile.Write(ref rateLimitRate, CheckRate(value));
    }

    /// <summary>Sent with 429 in whole seconds, rounded up, at least 1. Default: 1 second.</summary>
    public TimeSpan RetryAfter
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref retryAfterTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref retryAfterTicks, value.Ticks);
        }
    }

    /// <summary>Share of requests whose connection is closed mid-body: after part of the request body was read (or,
    /// for the CDN, part of the response body was sent).</summary>
    public double DropRate
    {
        get => Volatile.Read(ref dropRate);
        set => Volatile.Write(ref dropRate, CheckRate(value));
    }

    /// <summary>Added before every request of the kind is answered.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref latencyTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref latencyTicks, value.Ticks);
        }
    }

    /// <summary>Deterministic faults: the Nth request of this kind (1-based, counted since the emulator started) fails
    /// with <see cref="FailNthWith"/>. Thread-safe.</summary>
    public ISet<int> FailNth { get; } = new PositiveIntSet();

    /// <summary>How the requests in <see cref="FailNth"/> fail. Default: <see cref="FaultAction.ServerError"/> (503).</summary>
    public FaultAction FailNthWith
    {
        get => (FaultAction)Volatile.Read(ref failNthWith);
        set
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value));
            }

            Volatile.Write(ref failNthWith, (int)value);
        }
    }

    /// <summary>Whether this rule injects anything at all.</summary>
    public bool IsActive => ServerErrorRate > 0 || RateLimitRate > 0 || DropRate > 0 || Latency > TimeSpan.Zero || FailNth.Count > 0;

    /// <summary>E.g. <c>error=20%, 429=10% (Retry-After 1s), drop=5%, latency=50ms, nth=3,7:Drop</c>; empty when inactive.</summary>
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

        if (Latency > TimeSpan.Zero)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"latency={Latency.TotalMilliseconds:0.#}ms"));
        }

        var nth = FailNth.Order().ToList();
        if (nth.Count > 0)
        {
            parts.Add($"nth={string.Join(',', nth)}:{FailNthWith}");
        }

        return string.Join(", ", parts);
    }

    /// <summary>Whole seconds for the header, rounded up, at least 1.</summary>
    internal long RetryAfterSeconds => Math.Max(1, (long)Math.Ceiling(RetryAfter.TotalSeconds));

    private static string Percent(double rate) => string.Create(CultureInfo.InvariantCulture, $"{rate * 100:0.##}%");

    private static double CheckRate(double value) =>
        value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A rate is from 0 to 1.");

    /// <summary>A set of request numbers (1 or more), safe to change while requests consult it.</summary>
    private sealed class PositiveIntSet : ISet<int>
    {
        private readonly HashSet<int> items = [];

        public int Count
        {
            get
            {
                lock (items)
                {
                    return items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public bool Add(int item)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(item, 1);
            lock (items)
            {
                return items.Add(item);
            }
        }

        void ICollection<int>.Add(int item) => Add(item);

        public void Clear()
        {
            lock (items)
            {
                items.Clear();
            }
        }

        public bool Contains(int item)
        {
            lock (items)
            {
                return items.Contains(item);
            }
        }

        public bool Remove(int item)
        {
            lock (items)
            {
                return items.Remove(item);
            }
        }

        public void CopyTo(int[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

        public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)Snapshot()).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public void UnionWith(IEnumerable<int> other)
        {
            foreach (var item in other.ToList())
            {
                Add(item);
            }
        }

        public void ExceptWith(IEnumerable<int> other) => Change(set => set.ExceptWith(other));

        public void IntersectWith(IEnumerable<int> other) => Change(set => set.IntersectWith(other));

        public void SymmetricExceptWith(IEnumerable<int> other)
        {
            var list = other.ToList();
            if (list.Any(item => item < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(other), "Request numbers start at 1.");
            }

            Change(set => set.SymmetricExceptWith(list));
        }

        public bool IsProperSubsetOf(IEnumerable<int> other) => Snapshot().IsProperSubsetOf(other);

        public bool IsProperSupersetOf(IEnumerable<int> other) => Snapshot().IsProperSupersetOf(other);

        public bool IsSubsetOf(IEnumerable<int> other) => Snapshot().IsSubsetOf(other);

        public bool IsSupersetOf(IEnumerable<int> other) => Snapshot().IsSupersetOf(other);

        public bool Overlaps(IEnumerable<int> other) => Snapshot().Overlaps(other);

        public bool SetEquals(IEnumerable<int> other) => Snapshot().SetEquals(other);

        private HashSet<int> Snapshot()
        {
            lock (items)
            {
                return [.. items];
            }
        }

        private void Change(Action<HashSet<int>> change)
        {
            lock (items)
            {
                change(items);
            }
        }
    }
}

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

/// <summary>What happens to one request: <paramref name="Action"/> null means it is served (after the latency).</summary>
internal readonly record struct FaultDecision(FaultAction? Action, int Status, TimeSpan Latency, long RetryAfterSeconds);
