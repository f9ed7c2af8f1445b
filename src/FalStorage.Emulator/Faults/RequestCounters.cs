namespace FalStorage.Emulator.Faults;

/// <summary>How many requests of each kind came and how many got a fault: the one state that every request changes,
/// so it is counted in place, with <see cref="Interlocked"/>.</summary>
internal sealed class RequestCounters
{
    private static readonly int Kinds = Enum.GetValues<RouteKind>().Length;

    private readonly long[] received = new long[Kinds];
    private readonly long[] injected = new long[Kinds];

    /// <summary>Counts a request; answers its number among the requests of its kind, from 1.</summary>
    public long Receive(RouteKind kind) => Interlocked.Increment(ref received[(int)kind]);

    public void CountFault(RouteKind kind) => Interlocked.Increment(ref injected[(int)kind]);

    public long Received(RouteKind kind) => Interlocked.Read(ref received[(int)kind]);

    public long Injected(RouteKind kind) => Interlocked.Read(ref injected[(int)kind]);

    public void Reset()
    {
        for (var i = 0; i < Kinds; i++)
        {
            Interlocked.Exchange(ref received[i], 0);
            Interlocked.Exchange(ref injected[i], 0);
        }
    }
}
