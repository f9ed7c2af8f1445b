namespace FalStorage.Tests.Infrastructure;

/// <summary>
/// An emulator clock that stands still, then jumps ahead for good once <paramref name="hasJumped"/> says so (say, at
/// the second request of a kind, which the emulator counts before it checks a signature or a token). What expires in
/// between expires at a known request, however slow the machine: no real-time lifetime races a real-time wait.
/// </summary>
public sealed class ClockThatJumps(TimeSpan jump, Func<bool> hasJumped) : TimeProvider
{
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => hasJumped() ? _start + jump : _start;

    /// <summary>A jump past every default lifetime (upload URLs 5 minutes, CDN tokens 2 hours) at the <paramref name="nth"/> request of <paramref name="kind"/>.</summary>
    public static ClockThatJumps PastEveryLifetimeAt(FaultInjection faults, RouteKind kind, int nth) =>
        new(TimeSpan.FromHours(3), () => faults.RequestCount(kind) >= nth);
}
