using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using FalStorage.Benchmarks;

// Measures FalStorage against what a script does without it, on the local emulator, and prints
// median figures with the ratios the project's goals are stated in. Usage:
//   dotnet run -c Release --project bench/FalStorage.Benchmarks [-- --runs 5 --large-runs 3 --files 1000 --file-kib 64 --large-mib 1024 --latency-ms 20]
// --latency-ms is added by the emulator to every request, standing for the round trip to fal's servers
// that loopback does not have (0: pure loopback, where two cores shared by client and server decide).
var settings = Settings.Parse(args);
var root = FindRepositoryRoot();
var configuration = typeof(Settings).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
var emulatorDll = Path.Combine(root, "src", "FalStorage.Emulator", "bin", configuration, "net10.0", "FalStorage.Emulator.dll");
var manifest = Path.Combine(root, "out", "FalStorage", "FalStorage.psd1");
var key = "bench-" + Guid.NewGuid().ToString("N");

var work = Directory.CreateTempSubdirectory("falstorage-bench-").FullName;
try
{
    Console.WriteLine($"Making {settings.Files} files of {settings.FileKib} KiB and one of {settings.LargeMib} MiB in {work} ...");
    var smallFiles = Enumerable.Range(0, settings.Files).Select(i => WriteRandomFile(Path.Combine(work, $"small-{i:0000}.bin"), settings.FileKib * 1024L)).ToList();
    var largeFile = WriteRandomFile(Path.Combine(work, "large.bin"), settings.LargeMib * 1024L * 1024L);

    await using var emulator = await EmulatorProcess.StartAsync(emulatorDll, key, TimeSpan.FromMilliseconds(settings.LatencyMs));
    using var module = new ModuleRunner(manifest, emulator.Endpoint, key);
    using var baseline = new Baselines(emulator.Endpoint, key);

    // Warm both paths (JIT, connections) before anything is timed.
    module.SendFalAsset(smallFiles.Take(50).ToList());
    await baseline.UploadOneByOneAsync(smallFiles.Take(50));

    var moduleSmall = new List<double>();
    var moduleSmallWide = new List<double>();
    var loopSmall = new List<double>();
    for (var run = 0; run < settings.Runs; run++)
    {
        // Rotate which goes first, so none always meets a warmer or fuller server.
        var contenders = new Action[]
        {
            () => moduleSmall.Add(Time(() => Check(module.SendFalAsset(smallFiles), smallFiles.Count))),
            () => moduleSmallWide.Add(Time(() => Check(module.SendFalAsset(smallFiles, "-ThrottleLimit 16"), smallFiles.Count))),
            () => loopSmall.Add(Time(() => baseline.UploadOneByOneAsync(smallFiles).GetAwaiter().GetResult())),
        };
        for (var i = 0; i < contenders.Length; i++)
        {
            contenders[(run + i) % contenders.Length]();
        }

        Console.WriteLine($"  run {run + 1}: Send-FalAsset {moduleSmall[^1]:0.00} s, with -ThrottleLimit 16 {moduleSmallWide[^1]:0.00} s, one by one {loopSmall[^1]:0.00} s");
    }

    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    var idleWorkingSet = Environment.WorkingSet;
    var moduleLarge = new List<double>();
    var plainLarge = new List<double>();
    var peakGrowth = new List<double>();
    for (var run = 0; run < settings.LargeRuns; run++)
    {
        // The upload that goes second meets the first one's disk writeback: alternate, as above.
        var timeModule = () =>
        {
            using var sampler = new WorkingSetSampler();
            moduleLarge.Add(Time(() => Check(module.SendFalAsset([largeFile]), 1)));
            peakGrowth.Add((sampler.Peak - idleWorkingSet) / 1024.0 / 1024.0);
        };
        var timePlain = () =>
        {
            var uploadUrl = baseline.InitiateAsync("large.bin").GetAwaiter().GetResult();
            plainLarge.Add(Time(() => baseline.PutAsync(uploadUrl, largeFile).GetAwaiter().GetResult()));
        };
        (run % 2 == 0 ? timeModule : timePlain)();
        (run % 2 == 0 ? timePlain : timeModule)();
        Console.WriteLine($"  large run {run + 1}: Send-FalAsset {moduleLarge[^1]:0.00} s (working set +{peakGrowth[^1]:0} MiB), plain PUT {plainLarge[^1]:0.00} s");
    }

    var smallBytes = settings.Files * settings.FileKib * 1024.0;
    var largeBytes = settings.LargeMib * 1024.0 * 1024.0;
    var filesSpeedup = Median(loopSmall) / Median(moduleSmall);
    var filesSpeedupWide = Median(loopSmall) / Median(moduleSmallWide);
    var largeRatio = Median(plainLarge) / Median(moduleLarge);
    var memoryGrowth = peakGrowth.Max();

    Console.WriteLine();
    Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {CpuModel()}");
    Console.WriteLine($"Median of {settings.Runs} runs (small files) and {settings.LargeRuns} runs (large file); ratios are between rows of the same runs.");
    Console.WriteLine($"The emulator added {settings.LatencyMs} ms to every request (the network round trip loopback lacks).");
    Console.WriteLine();
    Console.WriteLine("| benchmark | median | throughput | ratio | target |");
    Console.WriteLine("| --- | ---: | ---: | ---: | --- |");
    Console.WriteLine($"| {settings.Files} × {settings.FileKib} KiB, Send-FalAsset (default throttle 8) | {Median(moduleSmall):0.00} s | {Rate(smallBytes, Median(moduleSmall))} | {filesSpeedup:0.0}x the loop | ≥ 10x: {Verdict(filesSpeedup >= 10)} |");
    Console.WriteLine($"| {settings.Files} × {settings.FileKib} KiB, Send-FalAsset -ThrottleLimit 16 | {Median(moduleSmallWide):0.00} s | {Rate(smallBytes, Median(moduleSmallWide))} | {filesSpeedupWide:0.0}x the loop | ≥ 10x: {Verdict(filesSpeedupWide >= 10)} |");
    Console.WriteLine($"| {settings.Files} × {settings.FileKib} KiB, one by one (initiate, PUT) | {Median(loopSmall):0.00} s | {Rate(smallBytes, Median(loopSmall))} | 1.0x | |");
    Console.WriteLine($"| {settings.LargeMib} MiB, Send-FalAsset (multipart, 10 MiB parts, throttle 8) | {Median(moduleLarge):0.00} s | {Rate(largeBytes, Median(moduleLarge))} | {largeRatio:0.00}x the plain PUT | ≥ 0.9x: {Verdict(largeRatio >= 0.9)} |");
    Console.WriteLine($"| {settings.LargeMib} MiB, one plain PUT | {Median(plainLarge):0.00} s | {Rate(largeBytes, Median(plainLarge))} | 1.00x | |");
    Console.WriteLine($"| working set during the {settings.LargeMib} MiB upload, peak over idle | +{memoryGrowth:0} MiB (idle {idleWorkingSet / 1024.0 / 1024.0:0} MiB) | | | < 64 MiB: {Verdict(memoryGrowth < 64)} |");
}
finally
{
    Directory.Delete(work, recursive: true);
}

static string Verdict(bool met) => met ? "met" : "MISSED";

static double Time(Action action)
{
    var stopwatch = Stopwatch.StartNew();
    action();
    return stopwatch.Elapsed.TotalSeconds;
}

static void Check(int uploaded, int expected)
{
    if (uploaded != expected)
    {
        throw new InvalidOperationException($"{uploaded} of {expected} files were uploaded.");
    }
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static string Rate(double bytes, double seconds) => $"{bytes / seconds / 1024 / 1024:0} MiB/s";

static string WriteRandomFile(string path, long length)
{
    var buffer = new byte[1024 * 1024];
    using var file = File.Create(path);
    for (var written = 0L; written < length; written += buffer.Length)
    {
        Random.Shared.NextBytes(buffer);
        file.Write(buffer, 0, (int)Math.Min(buffer.Length, length - written));
    }

    return path;
}

static string CpuModel() =>
    File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
        : "unknown CPU";

static string FindRepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "FalStorage.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("Run the benchmark from within the repository.");
}

internal sealed record Settings(int Runs, int LargeRuns, int Files, int FileKib, int LargeMib, int LatencyMs)
{
    public static Settings Parse(string[] args)
    {
        var settings = new Settings(Runs: 5, LargeRuns: 3, Files: 1000, FileKib: 64, LargeMib: 1024, LatencyMs: 20);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1]);
            settings = args[i] switch
            {
                "--runs" => settings with { Runs = value },
                "--large-runs" => settings with { LargeRuns = value },
                "--files" => settings with { Files = value },
                "--file-kib" => settings with { FileKib = value },
                "--large-mib" => settings with { LargeMib = value },
                "--latency-ms" => settings with { LatencyMs = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}; see the comment at the top of Program.cs."),
            };
        }

        return settings;
    }
}

/// <summary>Samples the process's working set while an upload runs, and keeps the highest value.</summary>
internal sealed class WorkingSetSampler : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private long _peak;

    public WorkingSetSampler()
    {
        _thread = new Thread(() =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Interlocked.Exchange(ref _peak, Math.Max(Interlocked.Read(ref _peak), Environment.WorkingSet));
                Thread.Sleep(10);
            }
        }) { IsBackground = true };
        _thread.Start();
    }

    public long Peak => Interlocked.Read(ref _peak);

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }
}
