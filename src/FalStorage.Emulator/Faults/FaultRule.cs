using System.Collections;
using System.Globalization;

namespace FalStorage.Emulator.Faults;

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
