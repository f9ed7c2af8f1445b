namespace FalStorage.Benchmarks;

/// <summary>Prints one Markdown table per upload of the <c>emulator</c> command: a row per build, medians of its runs.</summary>
internal static class EmulatorReport
{
    private const double Mib = 1024.0 * 1024;

    public static void Table(string label, int runs, IReadOnlyList<(string Build, IReadOnlyList<EmulatorMeasurement> Measurements)> rows)
    {
        Console.WriteLine($"### {label}");
        Console.WriteLine();
        Console.WriteLine($"Medians of {runs} runs, each on a fresh emulator; CPU and memory are the emulator's process's.");
        Console.WriteLine();
        Console.WriteLine("| build | time | completion | emulator CPU | peak resident | growth during the upload |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (build, measurements) in rows)
        {
            var completion = measurements.All(m => m.CompletionSeconds is not null)
                ? $"{Statistics.Median(measurements.Select(m => m.CompletionSeconds!.Value)) * 1000:0} ms"
                : "";
            Console.WriteLine(
                $"| {build} | {Statistics.Median(measurements.Select(m => m.Seconds)):0.00} s | {completion} | " +
                $"{Statistics.Median(measurements.Select(m => m.CpuSeconds)):0.00} s | {Statistics.Median(measurements.Select(m => (double)m.PeakResident)) / Mib:0} MiB | " +
                $"+{Statistics.Median(measurements.Select(m => (double)(m.PeakResident - m.ResidentBefore))) / Mib:0} MiB |");
        }

        Console.WriteLine();
        Console.WriteLine("Runs (time s / completion ms / CPU s): " + string.Join("; ", rows.Select(row =>
            $"{row.Build}: " + string.Join(' ', row.Measurements.Select(m => $"{m.Seconds:0.00}" + (m.CompletionSeconds is { } c ? $"/{c * 1000:0}" : "") + $"/{m.CpuSeconds:0.00}")))));
        Console.WriteLine();
    }
}
