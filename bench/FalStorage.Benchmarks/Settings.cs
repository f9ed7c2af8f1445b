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
    string DataRoot)
{
    /// <summary>The root command: every option declared once, with its help; the action gets the parsed settings.</summary>
    public static RootCommand CreateCommand(Func<Settings, CancellationToken, Task<int>> run)
    {
        var runs = Count("--runs", 5, "Runs of the small-file rows at each latency (0 skips them).");
        var largeRuns = Count("--large-runs", 5, "Runs of the large-file rows at each latency, each client on a fresh emulator (0 skips them).");
        var files = Positive("--files", 1000, "Number of small files.");
        var fileKib = Positive("--file-kib", 64, "Size of each small file, in KiB.");
        var largeMib = Positive("--large-mib", 1024, "Size of the large file, in MiB.");
        var latencies = List("--latency-ms", [0, 20, 80], 0, "Milliseconds the emulator adds to every request (the round trip loopback lacks); one set of rows per value.");
        var throttles = List("--throttle", [8, 16], 1, "Uploads in flight for the small-file rows, for every client that has the knob.");
        var dataRoot = new Option<string>("--data-root")
        {
            Description = "Where the emulators keep their data: tmpfs, so that no disk's writeback decides the large-file rows.",
            DefaultValueFactory = _ => "/dev/shm",
        };
        dataRoot.Validators.Add(result =>
        {
            if (!Directory.Exists(result.GetValueOrDefault<string>()))
            {
                result.AddError($"--data-root: {result.GetValueOrDefault<string>()} is not a folder.");
            }
        });

        var command = new RootCommand(
            "Measures Send-FalAsset against fal's JavaScript client, a ForEach-Object -Parallel script and curl, each in a " +
            "process of its own, on emulators in processes of their own, and prints medians, ratios, CPU and memory.")
        {
            runs, largeRuns, files, fileKib, largeMib, latencies, throttles, dataRoot,
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
                result.GetValue(dataRoot)!),
            cancellation));
        return command;
    }

    private static Option<int> Count(string name, int defaultValue, string description) => Bounded(name, defaultValue, description, minimum: 0);

    private static Option<int> Positive(string name, int defaultValue, string description) => Bounded(name, defaultValue, description, minimum: 1);

    private static Option<int> Bounded(string name, int defaultValue, string description, int minimum)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < minimum)
            {
                result.AddError($"{name} must be at least {minimum}.");
            }
        });
        return option;
    }

    private static Option<int[]> List(string name, int[] defaultValues, int minimum, string description)
    {
        var option = new Option<int[]>(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValues,
            AllowMultipleArgumentsPerToken = true,
            Arity = ArgumentArity.OneOrMore,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int[]>()!.Any(value => value < minimum))
            {
                result.AddError($"{name} takes numbers of {minimum} or more.");
            }
        });
        return option;
    }
}
