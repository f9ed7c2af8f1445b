namespace FalStorage.Benchmarks;

/// <summary>
/// The large-file rows' runs: every measurement on a fresh emulator (data on tmpfs), the clients taking turns with the
/// order rotating from run to run, so none always meets a warmer machine; a progress line after each run.
/// </summary>
internal static class FreshEmulatorTurns
{
    public static async Task RunAsync(
        Workspace workspace, Settings settings, string key, int latencyMs, string title,
        IReadOnlyList<(Row Row, Func<EmulatorProcess, Task<Measurement>> Measure)> contenders, Func<Measurement, string> progress)
    {
        for (var run = 0; run < settings.LargeRuns; run++)
        {
            for (var i = 0; i < contenders.Count; i++)
            {
                var (row, measure) = contenders[(run + i) % contenders.Count];
                await using var emulator = await EmulatorProcess.StartAsync(workspace.EmulatorDll, key, TimeSpan.FromMilliseconds(latencyMs), settings.DataRoot);
                row.Measurements.Add(await measure(emulator));
            }

            Console.WriteLine($"  {latencyMs} ms, {title} {run + 1}: " + string.Join(", ", contenders.Select(c => $"{c.Row.Label} {progress(c.Row.Measurements[^1])}")));
        }
    }
}
