namespace FalStorage.Benchmarks;

/// <summary>
/// Many small downloads at one latency: one emulator holding the files (uploaded beforehand, not timed); Save-FalAsset
/// and the -Parallel script each in one long-lived pwsh, curl a fresh process per run; every run into a fresh, empty
/// folder on tmpfs, deleted after; warmed up once, then timed run after run with the order of rows rotating.
/// </summary>
internal static class SmallDownloadsBenchmark
{
    public static async Task<IReadOnlyList<Row>> RunAsync(Workspace workspace, Settings settings, TestData data, string key, int latencyMs)
    {
        await using var emulator = await EmulatorProcess.StartAsync(workspace.EmulatorDll, key, TimeSpan.FromMilliseconds(latencyMs), settings.DataRoot);
        using var small = await UploadedFiles.UploadAsync(emulator, key, data.SmallFolder);
        using var warmUp = await UploadedFiles.UploadAsync(emulator, key, data.WarmUpFolder);
        await using var module = await workspace.StartPwshAsync("pwsh (FalStorage)", emulator.Endpoint, key, withModule: true);
        await using var script = await workspace.StartPwshAsync("pwsh (script)", emulator.Endpoint, key, withModule: false);

        var contenders = settings.Throttles.SelectMany(throttle => new (Row Row, Func<UploadedFiles, string, Task<Measurement>> Measure)[]
        {
            (new Row($"Save-FalAsset -ThrottleLimit {throttle}", isModule: true, throttle), (files, destination) => module.MeasureBeyondAsync(
                files.ReadListCommand, new { op = "save", urls = files.ListPath, destination, throttle }, files.Count, emulator.Pid)),
            (new Row($"ForEach-Object -Parallel -ThrottleLimit {throttle}, Invoke-WebRequest -OutFile", isModule: false, throttle), (files, destination) => script.MeasureBeyondAsync(
                files.ReadListCommand, new { op = "webparallel", urls = files.ListPath, destination, throttle }, files.Count, emulator.Pid)),
            (new Row($"curl --parallel --parallel-max {throttle}", isModule: false, throttle), (files, destination) => CurlGet.MeasureParallelAsync(emulator, files, destination, throttle)),
        }).ToList();

        // JIT, connections, curl's binary in memory: paid once here, as a user's session pays them once.
        foreach (var (_, measure) in contenders)
        {
            await DownloadFolder.MeasureIntoFreshAsync(settings.DataRoot, warmUp, measure);
        }

        await module.WaitUntilIdleAsync();
        await script.WaitUntilIdleAsync();

        for (var run = 0; run < settings.Runs; run++)
        {
            // Rotate which goes first, so none always meets a warmer or busier server.
            for (var i = 0; i < contenders.Count; i++)
            {
                var (row, measure) = contenders[(run + i) % contenders.Count];
                row.Measurements.Add(await DownloadFolder.MeasureIntoFreshAsync(settings.DataRoot, small, measure));
            }

            Console.WriteLine($"  {latencyMs} ms, downloads run {run + 1}: " + string.Join(", ", contenders.Select(c => $"{c.Row.Label} {c.Row.Measurements[^1].Seconds:0.00} s")));
        }

        return contenders.Select(c => c.Row).ToList();
    }
}
