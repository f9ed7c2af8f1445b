namespace FalStorage.Benchmarks;

/// <summary>
/// Many small files at one latency: one emulator, and each client in one long-lived process (pwsh with the module,
/// pwsh without it, node with fal-js), warmed up once, then timed run after run with the order of rows rotating.
/// </summary>
internal static class SmallFilesBenchmark
{
    public static async Task<IReadOnlyList<Row>> RunAsync(Workspace workspace, Settings settings, TestData data, string key, int latencyMs)
    {
        await using var emulator = await EmulatorProcess.StartAsync(workspace.EmulatorDll, key, TimeSpan.FromMilliseconds(latencyMs), settings.DataRoot);
        await using var module = await workspace.StartPwshAsync("pwsh (FalStorage)", emulator.Endpoint, key, withModule: true);
        await using var script = await workspace.StartPwshAsync("pwsh (script)", emulator.Endpoint, key, withModule: false);
        await using var falJs = await workspace.StartFalJsAsync(emulator.Endpoint, key);

        var contenders = settings.Throttles.SelectMany(throttle => new (Row Row, ClientSession Session, Func<string, object> Command)[]
        {
            (new Row($"Send-FalAsset -ThrottleLimit {throttle}", isModule: true, throttle), module, folder => new { op = "send", folder, throttle }),
            (new Row($"fal-js 1.10.1, {throttle} uploads at once", isModule: false, throttle), falJs, folder => new { op = "upload", folder, concurrency = throttle }),
            (new Row($"ForEach-Object -Parallel -ThrottleLimit {throttle}, Invoke-RestMethod", isModule: false, throttle), script, folder => new { op = "parallel", folder, throttle }),
        }).ToList();

        // JIT, connections, the emulator's first files: paid once here, as a user's session pays them once.
        foreach (var (_, session, command) in contenders)
        {
            await session.MeasureAsync(command(data.WarmUpFolder), data.WarmUpCount, emulator.Pid);
        }

        foreach (var session in new[] { module, script, falJs })
        {
            await session.WaitUntilIdleAsync();
        }

        // -SkipUnchanged over the same files twice, in this order: an empty index, then nothing changed since.
        var skipThrottle = settings.Throttles[0];
        var skipFirst = new Row($"Send-FalAsset -SkipUnchanged -ThrottleLimit {skipThrottle}, first run (empty index)", isModule: false, skipThrottle);
        var skipSecond = new Row($"Send-FalAsset -SkipUnchanged -ThrottleLimit {skipThrottle}, second run (nothing changed)", isModule: false, skipThrottle);

        for (var run = 0; run < settings.Runs; run++)
        {
            // Rotate which goes first, so none always meets a warmer or fuller server.
            for (var i = 0; i < contenders.Count; i++)
            {
                var (row, session, command) = contenders[(run + i) % contenders.Count];
                row.Measurements.Add(await session.MeasureBeyondListingAsync(command(data.SmallFolder), data.SmallFolder, settings.Files, emulator.Pid));
            }

            var index = Path.Combine(Path.GetTempPath(), $"falstorage-bench-index-{Guid.NewGuid():N}.json");
            try
            {
                skipFirst.Measurements.Add(await module.MeasureBeyondListingAsync(new { op = "send", folder = data.SmallFolder, throttle = skipThrottle, index, reused = 0 }, data.SmallFolder, settings.Files, emulator.Pid));
                skipSecond.Measurements.Add(await module.MeasureBeyondListingAsync(new { op = "send", folder = data.SmallFolder, throttle = skipThrottle, index, reused = settings.Files }, data.SmallFolder, settings.Files, emulator.Pid));
            }
            finally
            {
                File.Delete(index);
                File.Delete(index + ".lock");
            }

            Console.WriteLine($"  {latencyMs} ms, run {run + 1}: " + string.Join(", ", contenders.Select(c => c.Row).Append(skipFirst).Append(skipSecond).Select(r => $"{r.Label} {r.Measurements[^1].Seconds:0.00} s")));
        }

        return contenders.Select(c => c.Row).Append(skipFirst).Append(skipSecond).ToList();
    }
}
