namespace FalStorage.Benchmarks;

/// <summary>One line of a result table: a client doing one job, measured once per run.</summary>
internal sealed class Row(string label, bool isModule, int inFlight)
{
    public string Label { get; } = label;

    /// <summary>Send-FalAsset, against which the peers' ratios are stated.</summary>
    public bool IsModule { get; } = isModule;

    /// <summary>Uploads (or parts) the client keeps in flight; 0 where the client decides itself.</summary>
    public int InFlight { get; } = inFlight;

    public List<Measurement> Measurements { get; } = [];

    public double MedianSeconds => Statistics.Median(Measurements.Select(m => m.Seconds));

    public double MedianClientCpu => Statistics.Median(Measurements.Select(m => m.ClientCpu));

    public double MedianServerCpu => Statistics.Median(Measurements.Select(m => m.ServerCpu));

    public long MaxPeakResident => Measurements.Max(m => m.PeakResident);

    public long? MaxResidentGrowth => Measurements.Max(m => m.ResidentGrowth);
}
