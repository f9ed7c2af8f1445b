namespace FalStorage.Benchmarks;

/// <summary>The rows measured at one latency; null where they were not run.</summary>
internal sealed record LatencyResults(
    int LatencyMs,
    IReadOnlyList<Row>? SmallUploads,
    IReadOnlyList<Row>? LargeUpload,
    IReadOnlyList<Row>? SmallDownloads,
    IReadOnlyList<Row>? LargeDownload,
    ColdResults? Cold);
