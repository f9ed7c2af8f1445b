namespace FalStorage.Benchmarks;

/// <summary>
/// Issue 20's cold process: a user's typical run is one command in a fresh pwsh. The large-file rows run whole
/// processes under GNU time (started, set up, one upload, ended), each on a fresh emulator, the clients taking turns;
/// beside the module, a pwsh that starts and exits (the baseline), the runtime's own HttpClient and Invoke-WebRequest
/// in a fresh pwsh (what any .NET client pays there), and curl. The small-file rows time one command in a fresh
/// process of each client, set up and gone idle before the clock starts.
/// </summary>
internal static class ColdProcessBenchmark
{
    public static async Task<ColdResults> RunAsync(Workspace workspace, Settings settings, TestData data, string key, int latencyMs)
    {
        var idle = new Row("pwsh that starts and exits (the baseline)", isModule: false, inFlight: 0);
        var large = new (Row Row, Func<EmulatorProcess, Task<Measurement>> Measure)[]
        {
            (idle, emulator => PwshAsync(workspace, emulator, key, "-Op", "idle")),
            (new Row("Send-FalAsset: Import-Module, Connect-FalStorage, one upload", isModule: true, inFlight: 0), emulator => PwshAsync(
                workspace, emulator, key, "-Op", "send", "-Module", workspace.ModuleManifest, "-Endpoint", Workspace.Endpoint(emulator.Endpoint), "-Path", data.LargeFile)),
            (new Row("HttpClient.PutAsync, no module (.NET's own stack)", isModule: false, inFlight: 1), async emulator => await PwshAsync(
                workspace, emulator, key, "-Op", "httpclient", "-UploadUrl", await UploadUrlAsync(emulator, key, data), "-Path", data.LargeFile)),
            (new Row("Invoke-WebRequest -Method Put -InFile", isModule: false, inFlight: 1), async emulator => await PwshAsync(
                workspace, emulator, key, "-Op", "webrequest", "-UploadUrl", await UploadUrlAsync(emulator, key, data), "-Path", data.LargeFile)),
            (new Row("curl -T, one PUT", isModule: false, inFlight: 1), async emulator => (await TimedProcess.RunAsync(
                CurlPut.Command(data.LargeFile, await UploadUrlAsync(emulator, key, data)), emulator.Pid)).Measurement),
        };

        if (settings.LargeRuns > 0)
        {
            await FreshEmulatorTurns.RunAsync(workspace, settings, key, latencyMs, "cold large run", large, m => $"{m.ClientCpu:0.00} s CPU");
        }

        var throttle = settings.Throttles[0];
        var small = new (Row Row, Func<Uri, Task<ClientSession>> Start, object Command)[]
        {
            (new Row($"Send-FalAsset -ThrottleLimit {throttle}, fresh pwsh", isModule: true, throttle),
                endpoint => workspace.StartPwshAsync("pwsh (FalStorage)", endpoint, key, withModule: true), new { op = "send", folder = data.SmallFolder, throttle }),
            (new Row($"fal-js 1.10.1, {throttle} uploads at once, fresh node", isModule: false, throttle),
                endpoint => workspace.StartFalJsAsync(endpoint, key), new { op = "upload", folder = data.SmallFolder, concurrency = throttle }),
        };
        if (settings.Runs > 0)
        {
            await using var emulator = await EmulatorProcess.StartAsync(workspace.EmulatorDll, key, TimeSpan.FromMilliseconds(latencyMs), settings.DataRoot);
            for (var run = 0; run < settings.Runs; run++)
            {
                for (var i = 0; i < small.Length; i++)
                {
                    var (row, start, command) = small[(run + i) % small.Length];
                    row.Measurements.Add(await ClientSession.MeasureInFreshProcessAsync(
                        start(emulator.Endpoint), new { op = "list", folder = data.SmallFolder }, command, settings.Files, emulator.Pid));
                }

                Console.WriteLine($"  {latencyMs} ms, cold small run {run + 1}: " + string.Join(", ", small.Select(c => $"{c.Row.Label} {c.Row.Measurements[^1].Seconds:0.00} s")));
            }
        }

        return new ColdResults(idle, settings.LargeRuns > 0 ? large.Select(c => c.Row).ToList() : [], settings.Runs > 0 ? small.Select(c => c.Row).ToList() : []);
    }

    private static async Task<Measurement> PwshAsync(Workspace workspace, EmulatorProcess emulator, string key, params string[] parameters) =>
        (await workspace.RunColdPwshAsync(emulator.Pid, key, parameters)).Measurement;

    /// <summary>A signed upload URL for the large file, initiated by the benchmark (not timed, not charged).</summary>
    private static async Task<string> UploadUrlAsync(EmulatorProcess emulator, string key, TestData data) =>
        (await new EmulatorApi(emulator.Endpoint, key).InitiateAsync(Path.GetFileName(data.LargeFile), multipart: false)).AbsoluteUri;
}
