namespace FalStorage.Benchmarks;

/// <summary>
/// One large file at one latency: every upload on a fresh emulator whose data folder is on tmpfs, the clients taking
/// turns (the order rotates from run to run), each client in a fresh process set up before the clock starts.
/// </summary>
internal static class LargeFileBenchmark
{
    public static async Task<IReadOnlyList<Row>> RunAsync(Workspace workspace, Settings settings, TestData data, string key, int latencyMs)
    {
        var contenders = new (Row Row, Func<EmulatorProcess, Task<Measurement>> Measure)[]
        {
            (new Row("Send-FalAsset (defaults)", isModule: true, inFlight: 0), emulator => InSessionAsync(
                workspace.StartPwshAsync("pwsh (FalStorage)", emulator.Endpoint, key, withModule: true), new { op = "send", folder = data.LargeFolder }, data, emulator)),
            (new Row("Send-FalAsset -Content <stream that cannot seek>", isModule: true, inFlight: 0), emulator => InSessionAsync(
                workspace.StartPwshAsync("pwsh (FalStorage)", emulator.Endpoint, key, withModule: true), new { op = "stream", folder = data.LargeFolder }, data, emulator)),
            (new Row("curl -T, one PUT", isModule: false, inFlight: 1), emulator => CurlPut.MeasureAsync(emulator, key, data.LargeFile)),
            (new Row("fal-js 1.10.1 (parts one at a time)", isModule: false, inFlight: 1), emulator => InSessionAsync(
                workspace.StartFalJsAsync(emulator.Endpoint, key), new { op = "upload", folder = data.LargeFolder, concurrency = 1 }, data, emulator)),
        };

        await FreshEmulatorTurns.RunAsync(workspace, settings, key, latencyMs, "large run", contenders, m => $"{m.Seconds:0.00} s");

        return contenders.Select(c => c.Row).ToList();
    }

    private static Task<Measurement> InSessionAsync(Task<ClientSession> starting, object upload, TestData data, EmulatorProcess emulator) =>
        ClientSession.MeasureInFreshProcessAsync(starting, new { op = "list", folder = data.LargeFolder }, upload, expectedCount: 1, emulator.Pid);
}
