using FalStorage.Benchmarks;

// Measures Send-FalAsset and Save-FalAsset against their peers on the local emulator, all in one run, and prints
// Markdown tables of medians, ratios, CPU and memory; `emulator` measures the emulator alone, build against build.
// `--help` lists the options; README.md beside this folder says what each row is.
var command = Settings.CreateCommand(RunAsync);
command.Subcommands.Add(EmulatorSettings.CreateCommand(EmulatorBenchmark.RunAsync));
return await command.Parse(args).InvokeAsync();

static async Task<int> RunAsync(Settings settings, CancellationToken cancellation)
{
    var workspace = await Workspace.PrepareAsync();
    var key = "bench-" + Guid.NewGuid().ToString("N");
    using var data = TestData.Create(settings);
    Report.Header(settings);

    var results = new List<LatencyResults>();
    foreach (var latencyMs in settings.LatenciesMs)
    {
        cancellation.ThrowIfCancellationRequested();
        var uploads = settings.Uploads;
        var downloads = settings.Downloads;
        results.Add(new LatencyResults(
            latencyMs,
            uploads && settings.Runs > 0 ? await SmallFilesBenchmark.RunAsync(workspace, settings, data, key, latencyMs) : null,
            uploads && settings.LargeRuns > 0 ? await LargeFileBenchmark.RunAsync(workspace, settings, data, key, latencyMs) : null,
            downloads && settings.Runs > 0 ? await SmallDownloadsBenchmark.RunAsync(workspace, settings, data, key, latencyMs) : null,
            downloads && settings.LargeRuns > 0 ? await LargeDownloadBenchmark.RunAsync(workspace, settings, data, key, latencyMs) : null,
            settings.Cold && (settings.Runs > 0 || settings.LargeRuns > 0) ? await ColdProcessBenchmark.RunAsync(workspace, settings, data, key, latencyMs) : null));
    }

    Console.WriteLine();
    foreach (var result in results)
    {
        Console.WriteLine($"## {result.LatencyMs} ms per request");
        Console.WriteLine();
        Print(result.SmallUploads, rows => Report.SmallFiles(settings, result.LatencyMs, rows, Direction.Upload));
        Print(result.LargeUpload, rows => Report.LargeFile(settings, result.LatencyMs, rows, Direction.Upload));
        Print(result.SmallDownloads, rows => Report.SmallFiles(settings, result.LatencyMs, rows, Direction.Download));
        Print(result.LargeDownload, rows => Report.LargeFile(settings, result.LatencyMs, rows, Direction.Download));
        if (result.Cold != null)
        {
            ColdReport.Tables(settings, result.LatencyMs, result.Cold);
        }
    }

    foreach (var result in results.Where(r => r.LatencyMs == 20))
    {
        if (settings.Uploads)
        {
            Report.Targets(settings, result.SmallUploads, result.LargeUpload);
        }

        if (settings.Downloads)
        {
            Report.DownloadTargets(settings, result.SmallDownloads, result.LargeDownload);
        }

        if (result.Cold != null)
        {
            ColdReport.Targets(settings, result.Cold);
        }
    }

    Console.WriteLine($"Load average at the end: {Report.LoadAverage()}.");
    return 0;
}

static void Print(IReadOnlyList<Row>? rows, Action<IReadOnlyList<Row>> table)
{
    if (rows != null)
    {
        table(rows);
    }
}
