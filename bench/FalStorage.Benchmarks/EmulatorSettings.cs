using System.CommandLine;

namespace FalStorage.Benchmarks;

/// <summary>What the <c>emulator</c> command measures: the emulator's own cost, build against build.</summary>
/// <param name="Builds">Emulator builds by name: the DLL each runs (this repository's build when none is given).</param>
internal sealed record EmulatorSettings(
    int Runs,
    IReadOnlyList<(string Name, string Dll)> Builds,
    int LargeMib,
    int PartMib,
    int PartsInFlight,
    int Files,
    int FileKib,
    int FilesInFlight,
    int LatencyMs,
    string DataRoot)
{
    public static Command CreateCommand(Func<EmulatorSettings, CancellationToken, Task<int>> run)
    {
        var runs = BenchOptions.Positive("--runs", 5, "Runs of every row, each upload on a fresh emulator, the builds taking turns.");
        var builds = new Option<string[]>("--build")
        {
            Description = "An emulator build to measure, as name=path/to/FalStorage.Emulator.dll; repeatable, to compare builds. Default: this repository's build.",
            AllowMultipleArgumentsPerToken = true,
        };
        builds.Validators.Add(result =>
        {
            foreach (var build in result.GetValueOrDefault<string[]>() ?? [])
            {
                var equals = build.IndexOf('=');
                if (equals <= 0 || !File.Exists(build[(equals + 1)..]))
                {
                    result.AddError($"--build '{build}' must be name=path of an existing FalStorage.Emulator.dll.");
                }
            }
        });
        var largeMib = BenchOptions.Positive("--large-mib", 1024, "Size of the multipart upload, in MiB.");
        var partMib = BenchOptions.Positive("--part-mib", 10, "Size of its parts, in MiB (fal's clients send 10 MiB).");
        var partsInFlight = BenchOptions.Positive("--parts-in-flight", 16, "Parts sent at once in the parallel row (Send-FalAsset's default); the other row sends one at a time, as fal-js.");
        var files = BenchOptions.Positive("--files", 1000, "Number of small single uploads.");
        var fileKib = BenchOptions.Positive("--file-kib", 64, "Size of each, in KiB.");
        var filesInFlight = BenchOptions.Positive("--files-in-flight", 16, "Small uploads at once.");
        var latency = BenchOptions.Count("--latency-ms", 0, "Milliseconds the emulator adds to every request (the round trip loopback lacks).");
        var dataRoot = BenchOptions.DataRoot();

        var command = new Command(
            "emulator",
            "Measures the emulator alone, build against build: time, completion latency, CPU and resident memory of the " +
            "emulator's process for one multipart upload (parts one at a time, and many at once) and for many small " +
            "uploads, sent from this process.")
        {
            runs, builds, largeMib, partMib, partsInFlight, files, fileKib, filesInFlight, latency, dataRoot,
        };
        command.SetAction((result, cancellation) => run(
            new EmulatorSettings(
                result.GetValue(runs),
                (result.GetValue(builds) ?? []).Select(build => (build[..build.IndexOf('=')], Path.GetFullPath(build[(build.IndexOf('=') + 1)..]))).ToList(),
                result.GetValue(largeMib),
                result.GetValue(partMib),
                result.GetValue(partsInFlight),
                result.GetValue(files),
                result.GetValue(fileKib),
                result.GetValue(filesInFlight),
                result.GetValue(latency),
                result.GetValue(dataRoot)!),
            cancellation));
        return command;
    }
}
