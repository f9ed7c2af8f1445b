using System.CommandLine;

namespace FalStorage.Benchmarks;

/// <summary>What one benchmark run measures; parsed from the command line by <see cref="CreateCommand"/>.</summary>
internal sealed record Settings(
    int Runs,
    int LargeRuns,
    int Files,
    int FileKib,
    int LargeMib,
    IReadOnlyList<int> LatenciesMs,
    IReadOnlyList<int> Throttles,
    string DataRoot,
    bool Uploads,
    bool Downloads,
    bool Cold)
{
    /// <summary>The root command: every option declared once, with its help; the action gets the parsed settings.</summary>
    public static RootCommand CreateCommand(Func<Settings, CancellationToken, Task<int>> run)
    {
        var runs = BenchOptions.Count("--runs", 5, "Runs of the small-file rows (uploads and downloads) at each latency (0 skips them).");
        var largeRuns = BenchOptions.Count("--large-runs", 5, "Runs of the large-file rows (uploads and downloads) at each latency, each client on a fresh emulator (0 skips them).");
        var files = BenchOptions.Positive("--files", 1000, "Number of small files.");
        var fileKib = BenchOptions.Positive("--file-kib", 64, "Size of each small file, in KiB.");
        var largeMib = BenchOptions.Positive("--large-mib", 1024, "Size of the large file, in MiB.");
        var latencies = BenchOptions.List("--latency-ms", [0, 20, 80], 0, "Milliseconds the emulator adds to every request (the round trip loopback lacks); one set of rows per value.");
        var throttles = BenchOptions.List("--throttle", [8, 16], 1, "Uploads (or downloads) in flight for the small-file rows, for every client that has the knob.");
        var dataRoot = BenchOptions.DataRoot("Where the emulators keep their data and the download rows save their files");
        var rows = new Option<string>("--rows")
        {
            Description = "Which rows run: uploads (Send-FalAsset and its peers), downloads (Save-FalAsset and its peers), cold (one command in a fresh process) or all.",
            DefaultValueFactory = _ => "all",
        };
        rows.AcceptOnlyFromAmong("all", "uploads", "downloads", "cold");

        var command = new RootCommand(
            "Measures Send-FalAsset against fal's JavaScript client, a ForEach-Object -Parallel script and curl, and " +
            "Save-FalAsset against a ForEach-Object -Parallel script, Invoke-WebRequest and curl, each in a process of its own, " +
            "on emulators in processes of their own, and prints medians, ratios, CPU and memory.")
        {
            runs, largeRuns, files, fileKib, largeMib, latencies, throttles, dataRoot, rows,
        };
        command.SetAction((result, cancellation) => run(
            new Settings(
                result.GetValue(runs),
                result.GetValue(largeRuns),
                result.GetValue(files),
                result.GetValue(fileKib),
                result.GetValue(largeMib),
                result.GetValue(latencies)!,
                result.GetValue(throttles)!,
                result.GetValue(dataRoot)!,
                Uploads: result.GetValue(rows) is "all" or "uploads",
                Downloads: result.GetValue(rows) is "all" or "downloads",
                Cold: result.GetValue(rows) is "all" or "cold"),
            cancellation));
        return command;
    }
}
