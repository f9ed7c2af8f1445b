using System.Globalization;
using System.Runtime.InteropServices;

namespace FalStorage.Benchmarks;

/// <summary>Prints the result tables (Markdown) and the issue's targets, from rows measured in the same run.</summary>
internal static class Report
{
    private const double Gib = 1024.0 * 1024 * 1024;
    private const double Mib = 1024.0 * 1024;

    public static void Header(Settings settings)
    {
        Console.WriteLine(Machine());
        Console.WriteLine($"Emulator data on {settings.DataRoot}; every client and every emulator in a process of its own; times measured inside the client.");
        Console.WriteLine();
    }

    public static void SmallFiles(Settings settings, int latencyMs, IReadOnlyList<Row> rows, Direction direction)
    {
        var gib = settings.Files * settings.FileKib * 1024.0 / Gib;
        Console.WriteLine($"### {direction.Title}: {settings.Files} × {settings.FileKib} KiB, {latencyMs} ms per request");
        Console.WriteLine();
        Console.WriteLine($"Median of {settings.Runs} runs; {direction.SmallFilesSetting}.");
        Console.WriteLine();
        Console.WriteLine($"| client | median | × one-request floor | {direction.Cmdlet}'s speedup | client CPU | client CPU per GiB | emulator CPU (of wall) | peak resident |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in rows)
        {
            var floor = settings.Files * latencyMs / 1000.0 / row.InFlight;
            var module = rows.Single(r => r.IsModule && r.InFlight == row.InFlight);
            Console.WriteLine(
                $"| {row.Label} | {row.MedianSeconds:0.00} s | {(latencyMs > 0 ? $"{row.MedianSeconds / floor:0.00}x of {floor:0.00} s" : "")} | " +
                $"{(row.IsModule ? "" : $"{row.MedianSeconds / module.MedianSeconds:0.00}x")} | {row.MedianClientCpu:0.00} s | {row.MedianClientCpu / gib:0.00} s | " +
                $"{row.MedianServerCpu:0.00} s ({row.MedianServerCpu / row.MedianSeconds:0.00} cores) | {row.MaxPeakResident / Mib:0} MiB |");
        }

        RunsLine(rows);
    }

    public static void LargeFile(Settings settings, int latencyMs, IReadOnlyList<Row> rows, Direction direction)
    {
        var gib = settings.LargeMib / 1024.0;
        var curl = rows.Single(r => r.Label.StartsWith("curl", StringComparison.Ordinal));
        var module = rows.First(r => r.IsModule);
        Console.WriteLine($"### {direction.Title}: one file of {settings.LargeMib} MiB, {latencyMs} ms per request");
        Console.WriteLine();
        Console.WriteLine($"Median of {settings.LargeRuns} runs, alternating between clients; {string.Format(CultureInfo.InvariantCulture, direction.LargeFileSetting, settings.DataRoot)}, by a client in a fresh process (set up before the clock starts).");
        Console.WriteLine();
        Console.WriteLine($"| client | median | throughput | speed vs curl | {direction.Cmdlet}'s speedup | client CPU per GiB | emulator CPU (of wall) | peak resident | growth during the {direction.Transfer} |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in rows)
        {
            Console.WriteLine(
                $"| {row.Label} | {row.MedianSeconds:0.00} s | {settings.LargeMib / row.MedianSeconds:0} MiB/s | {curl.MedianSeconds / row.MedianSeconds:0.00}x | " +
                $"{(row.IsModule ? "" : $"{row.MedianSeconds / module.MedianSeconds:0.00}x")} | {row.MedianClientCpu / gib:0.00} s | " +
                $"{row.MedianServerCpu:0.00} s ({row.MedianServerCpu / row.MedianSeconds:0.00} cores) | {row.MaxPeakResident / Mib:0} MiB | " +
                $"{(row.MaxResidentGrowth is { } growth ? $"+{growth / Mib:0} MiB" : "not measured")} |");
        }

        RunsLine(rows);
    }

    /// <summary>Issue 13's targets (uploads), each a ratio between rows of this run at 20 ms per request.</summary>
    public static void Targets(Settings settings, IReadOnlyList<Row>? small, IReadOnlyList<Row>? large)
    {
        Console.WriteLine("### Upload targets (issue 13) at 20 ms per request");
        Console.WriteLine();
        if (small != null)
        {
            foreach (var module in small.Where(r => r.IsModule))
            {
                var falJs = small.Single(r => r.Label.StartsWith("fal-js", StringComparison.Ordinal) && r.InFlight == module.InFlight);
                var speedup = falJs.MedianSeconds / module.MedianSeconds;
                Console.WriteLine($"- {module.Label}: {speedup:0.00}x fal-js at {module.InFlight} ({Verdict(speedup >= 2.2)}, target ≥ 2.2x)");
                if (module.InFlight == 8)
                {
                    var floor = settings.Files * 0.020 / module.InFlight;
                    Console.WriteLine($"- {module.Label}: {module.MedianSeconds / floor:0.00}x the one-request floor of {floor:0.00} s ({Verdict(module.MedianSeconds / floor <= 1.15)}, target ≤ 1.15x)");
                }
            }
        }

        if (large != null)
        {
            var module = large.First(r => r.IsModule);
            var stream = large.Single(r => r.IsModule && r != module);
            var curl = large.Single(r => r.Label.StartsWith("curl", StringComparison.Ordinal));
            var falJs = large.Single(r => r.Label.StartsWith("fal-js", StringComparison.Ordinal));
            Console.WriteLine($"- {settings.LargeMib} MiB: {curl.MedianSeconds / module.MedianSeconds:0.00}x one curl PUT ({Verdict(curl.MedianSeconds >= module.MedianSeconds)}, target ≥ 1.0x; {settings.LargeRuns} runs, target ≥ 5)");
            Console.WriteLine($"- {settings.LargeMib} MiB: {falJs.MedianSeconds / module.MedianSeconds:0.00}x fal-js ({Verdict(falJs.MedianSeconds >= 5 * module.MedianSeconds)}, target ≥ 5x)");
            Console.WriteLine($"- client CPU per GiB: {module.MedianClientCpu / curl.MedianClientCpu:0.00}x curl's ({Verdict(module.MedianClientCpu <= 1.5 * curl.MedianClientCpu)}, target ≤ 1.5x)");
            Console.WriteLine($"- memory growth during the upload: +{module.MaxResidentGrowth / Mib:0} MiB ({Verdict(module.MaxResidentGrowth <= 32 * Mib)}, target ≤ 32 MiB)");
            Console.WriteLine(
                $"- memory growth sending a stream that cannot seek: +{stream.MaxResidentGrowth / Mib:0} MiB, whatever the stream's length: at most {StreamPartBuffers / Mib:0} MiB of part buffers (-PartSize × at most 4 parts held, whatever -ThrottleLimit), " +
                $"its {DefaultPartSize / Mib:0} MiB read-ahead, and what the file path grows by (+{module.MaxResidentGrowth / Mib:0} MiB); bound {(StreamPartBuffers + DefaultPartSize + module.MaxResidentGrowth) / Mib:0} MiB " +
                $"({Verdict(stream.MaxResidentGrowth <= StreamPartBuffers + DefaultPartSize + module.MaxResidentGrowth)})");
        }

        Console.WriteLine();
    }

    /// <summary>Issue 19's targets (downloads), each a ratio between rows of this run at 20 ms per request.</summary>
    public static void DownloadTargets(Settings settings, IReadOnlyList<Row>? small, IReadOnlyList<Row>? large)
    {
        Console.WriteLine("### Download targets (issue 19) at 20 ms per request");
        Console.WriteLine();
        if (small != null)
        {
            foreach (var module in small.Where(r => r.IsModule && r.InFlight == 8))
            {
                var script = small.Single(r => r.Label.StartsWith("ForEach-Object", StringComparison.Ordinal) && r.InFlight == module.InFlight);
                var curl = small.Single(r => r.Label.StartsWith("curl", StringComparison.Ordinal) && r.InFlight == module.InFlight);
                var floor = settings.Files * 0.020 / module.InFlight;
                Console.WriteLine($"- {module.Label}: {module.MedianSeconds / floor:0.00}x the one-request floor of {floor:0.00} s ({Verdict(module.MedianSeconds / floor <= 1.2)}, target ≤ 1.2x)");
                Console.WriteLine($"- {module.Label}: {script.MedianSeconds / module.MedianSeconds:0.00}x the -Parallel script at {module.InFlight} ({Verdict(script.MedianSeconds >= 3 * module.MedianSeconds)}, target ≥ 3x)");
                Console.WriteLine($"- {module.Label}: {curl.MedianSeconds / module.MedianSeconds:0.00}x curl --parallel at {module.InFlight} (recorded, no target)");
            }
        }

        if (large != null)
        {
            var module = large.Single(r => r.IsModule);
            var curl = large.Single(r => r.Label.StartsWith("curl", StringComparison.Ordinal));
            var gib = settings.LargeMib / 1024.0;
            Console.WriteLine($"- {settings.LargeMib} MiB: {curl.MedianSeconds / module.MedianSeconds:0.00}x one curl -o ({Verdict(curl.MedianSeconds >= module.MedianSeconds)}, target ≥ 1.0x; {settings.LargeRuns} runs)");
            Console.WriteLine($"- memory growth during the download: +{module.MaxResidentGrowth / Mib:0} MiB ({Verdict(module.MaxResidentGrowth <= 64 * Mib)}, target ≤ 64 MiB)");
            Console.WriteLine($"- client CPU per GiB: {module.MedianClientCpu / gib:0.00} s, curl's {curl.MedianClientCpu / gib:0.00} s ({module.MedianClientCpu / curl.MedianClientCpu:0.00}x; recorded, no target)");
        }

        Console.WriteLine();
    }

    /// <summary>The machine and its load now, for the header of a run.</summary>
    public static string Machine() =>
        $"Machine: {Environment.ProcessorCount} cores, {CpuModel()}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; load average at start {LoadAverage()}.";

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>Every run's figure (the time, unless <paramref name="value"/> says another), so the spread behind each median shows.</summary>
    public static void RunsLine(IReadOnlyList<Row> rows, string title = "Runs (s)", Func<Measurement, double>? value = null)
    {
        Console.WriteLine();
        Console.WriteLine($"{title}: " + string.Join("; ", rows.Select(r => $"{r.Label}: {string.Join(' ', r.Measurements.Select(m => (value ?? (m => m.Seconds))(m).ToString("0.00", CultureInfo.InvariantCulture)))}")));
        Console.WriteLine();
    }

    private const long DefaultPartSize = 10L * 1024 * 1024;

    /// <summary>What Send-FalAsset -Content may hold in parts of a stream that cannot seek: its default part size times the parts
    /// it holds at once (TransferOptions.MaxBufferedParts, fixed whatever -ThrottleLimit).</summary>
    private const long StreamPartBuffers = DefaultPartSize * 4;

    public static string Verdict(bool met) => met ? "met" : "MISSED";

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : "unknown CPU";
}
