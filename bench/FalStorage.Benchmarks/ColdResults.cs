namespace FalStorage.Benchmarks;

/// <summary>
/// The cold-process rows at one latency: the large file's whole processes (<see cref="IdlePwsh"/> is the baseline
/// every pwsh row is charged beyond; curl has no runtime to start) and the small files' one command in a fresh process;
/// either list is empty when its runs were set to 0.
/// </summary>
internal sealed record ColdResults(Row IdlePwsh, IReadOnlyList<Row> Large, IReadOnlyList<Row> Small);
