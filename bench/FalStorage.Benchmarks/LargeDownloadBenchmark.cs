namespace FalStorage.Benchmarks;

/// <summary>
/// One large download at one latency: every download from a fresh emulator (data on tmpfs) that holds the file
/// (uploaded beforehand, not timed), into a fresh folder on tmpfs, by a client in a fresh process; the clients take
/// turns, the order rotating from run to run.
/// </summary>
internal static class LargeDownloadBenchmark
{
    public static async Task<IReadOnlyList<Row>> RunAsync(Workspace workspace, Settings settings, TestData data, string key, int latencyMs)
    {
        var contenders = new (Row Row, Func<EmulatorProcess, UploadedFiles, string, Task<Measurement>> Measure)[]
        {
            (new Row("Save-FalAsset (defaults)", isModule: true, inFlight: 0), (emulator, files, destination) => ClientSession.MeasureInFreshProcessAsync(
                workspace.StartPwshAsync("pwsh (FalStorage)", emulator.Endpoint, key, withModule: true),
                files.ReadListCommand, new { op = "save", urls = files.ListPath, destination }, expectedCount: 1, emulator.Pid)),
            (new Row("curl -o", isModule: false, inFlight: 1), (emulator, files, destination) => CurlGet.MeasureOneAsync(emulator, files.Urls[0], destination)),
            (new Row("Invoke-WebRequest -OutFile", isModule: false, inFlight: 1), WithoutModule("webrequest")),
            (new Row("HttpClient.GetAsync + CopyToAsync, no cmdlet (.NET's own stack)", isModule: false, inFlight: 1), WithoutModule("httpclient")),
        };

        for (var run = 0; run < settings.LargeRuns; run++)
        {
            for (var i = 0; i < contenders.Length; i++)
            {
                var (row, measure) = contenders[(run + i) % contenders.Length];
                await using var emulator = await EmulatorProcess.StartAsync(workspace.EmulatorDll, key, TimeSpan.FromMilliseconds(latencyMs), settings.DataRoot);
                using var large = await UploadedFiles.UploadAsync(emulator, key, data.LargeFolder);
                row.Measurements.Add(await DownloadFolder.MeasureIntoFreshAsync(settings.DataRoot, large, (files, destination) => measure(emulator, files, destination)));
            }

            Console.WriteLine($"  {latencyMs} ms, large download run {run + 1}: " + string.Join(", ", contenders.Select(c => $"{c.Row.Label} {c.Row.Measurements[^1].Seconds:0.00} s")));
        }

        return contenders.Select(c => c.Row).ToList();

        // A fresh pwsh without the module running one of the session script's download ops.
        Func<EmulatorProcess, UploadedFiles, string, Task<Measurement>> WithoutModule(string op) => (emulator, files, destination) => ClientSession.MeasureInFreshProcessAsync(
            workspace.StartPwshAsync("pwsh (script)", emulator.Endpoint, key, withModule: false),
            files.ReadListCommand, new { op, urls = files.ListPath, destination }, expectedCount: 1, emulator.Pid);
    }
}
