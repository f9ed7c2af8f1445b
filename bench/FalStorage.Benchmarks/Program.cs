using FalStorage.Benchmarks;

// Measures Send-FalAsset against its peers on the local emulator, all in one run, and prints Markdown tables of
// medians, ratios, CPU and memory; `emulator` measures the emulator alone, build against build. `--help` lists the
// options; README.md beside this folder says what each row is.
var command = Settings.CreateCommand(RunAsync);
command.Subcommands.Add(EmulatorSettings.CreateCommand(EmulatorBenchmark.RunAsync));
return await command.Parse(args).InvokeAsync();

static async Task<int> RunAsync(Settings settings, CancellationToken cancellation)
{
    var workspace = await Workspace.PrepareAsync();
    var key = "bench-" + Guid.NewGuid().ToString("N");
    using var data = TestData.Create(settings);
    Report.Header(settings);

    var results = new List<(int LatencyMs, IReadOnlyList<Row>? Small, IReadOnlyList<Row>? Large)>();
    foreach (var latencyMs in settings.LatenciesMs)
    {
        cancellation.ThrowIfCancellationRequested();
        var small = settings.Runs > 0 ? await SmallFilesBenchmark.RunAsync(workspace, settings, data, key, latencyMs) : null;
        var large = settings.LargeRuns > 0 ? await LargeFileBenchmark.RunAsync(workspace, settings, data, key, latencyMs) : null;
        results.Add((latencyMs, small, large));
    }

    Console.WriteLine();
    foreach (var (latencyMs, small, large) in results)
    {
        Console.WriteLine($"## {latencyMs} ms per request");
        Console.WriteLine();
        if (small != null)
        {
            Report.SmallFiles(settings, latencyMs, small);
        }

        if (large != null)
        {
            Report.LargeFile(settings, latencyMs, large);
        }
    }

    foreach (var (_, small, large) in results.Where(r => r.LatencyMs == 20))
    {
        Report.Targets(settings, small, large);
    }

    Console.WriteLine($"Load average at the end: {Report.LoadAverage()}.");
    return 0;
}
