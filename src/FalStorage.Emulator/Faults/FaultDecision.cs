namespace FalStorage.Emulator.Faults;

/// <summary>What happens to one request: <paramref name="Action"/> null means it is served (after the latency).</summary>
internal readonly record struct FaultDecision(FaultAction? Action, int Status, TimeSpan Latency, long RetryAfterSeconds);
