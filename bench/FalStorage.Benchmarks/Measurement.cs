namespace FalStorage.Benchmarks;

/// <summary>One timed upload: wall time measured inside the client, CPU seconds of client and emulator during it, and
/// the client's peak resident memory, with the resident size just before it started where that can be known.</summary>
internal sealed record Measurement(double Seconds, double ClientCpu, double ServerCpu, long PeakResident, long? ResidentBefore)
{
    public long? ResidentGrowth => PeakResident - ResidentBefore;
}
