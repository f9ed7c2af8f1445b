namespace FalStorage.Benchmarks;

/// <summary>Prints the cold-process tables and issue 20's cold targets, from rows measured in the same run.</summary>
internal static class ColdReport
{
    private const double Mib = 1024.0 * 1024;

    public static void Tables(Settings settings, int latencyMs, ColdResults cold)
    {
        if (cold.Large.Count > 0)
        {
            LargeTable(settings, latencyMs, cold);
        }

        if (cold.Small.Count > 0)
        {
            SmallTable(settings, latencyMs, cold.Small);
        }
    }

    private static void LargeTable(Settings settings, int latencyMs, ColdResults cold)
    {
        var gib = settings.LargeMib / 1024.0;
        var idleCpu = cold.IdlePwsh.MedianClientCpu;
        var curl = Curl(cold);
        Console.WriteLine($"### Cold process: one upload of {settings.LargeMib} MiB, {latencyMs} ms per request");
        Console.WriteLine();
        Console.WriteLine(
            $"Median of {settings.LargeRuns} runs, alternating between clients; each client a whole process under GNU time (started, set up, one upload, ended), " +
            $"each upload to a fresh emulator with its data on {settings.DataRoot}; every pwsh row is charged the CPU beyond a pwsh that starts and exits ({idleCpu:0.00} s); curl has no runtime to start.");
        Console.WriteLine();
        Console.WriteLine("| client | process, start to end | process CPU | CPU per GiB beyond an idle pwsh | × curl's CPU | peak resident |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in cold.Large)
        {
            var beyond = row == cold.IdlePwsh ? (double?)null : Beyond(cold, row);
            Console.WriteLine(
                $"| {row.Label} | {row.MedianSeconds:0.00} s | {row.MedianClientCpu:0.00} s | {(beyond is { } b ? $"{b / gib:0.00} s" : "")} | " +
                $"{(beyond is { } c ? $"{c / Beyond(cold, curl):0.00}x" : "")} | {row.MaxPeakResident / Mib:0} MiB |");
        }

        Report.RunsLine(cold.Large, "Process CPU (s)", m => m.ClientCpu);
    }

    private static void SmallTable(Settings settings, int latencyMs, IReadOnlyList<Row> small)
    {
        Console.WriteLine($"### Cold process: {settings.Files} × {settings.FileKib} KiB, {latencyMs} ms per request");
        Console.WriteLine();
        Console.WriteLine($"Median of {settings.Runs} runs, alternating between clients; each run a fresh process (started, set up, the folder listed once, gone idle), then the command alone timed; one emulator for all runs.");
        Console.WriteLine();
        Console.WriteLine("| client | median | × one-request floor | Send-FalAsset's speedup | client CPU |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        var module = small.Single(r => r.IsModule);
        foreach (var row in small)
        {
            var floor = settings.Files * latencyMs / 1000.0 / row.InFlight;
            Console.WriteLine(
                $"| {row.Label} | {row.MedianSeconds:0.00} s | {(latencyMs > 0 ? $"{row.MedianSeconds / floor:0.00}x of {floor:0.00} s" : "")} | " +
                $"{(row.IsModule ? "" : $"{row.MedianSeconds / module.MedianSeconds:0.00}x")} | {row.MedianClientCpu:0.00} s |");
        }

        Report.RunsLine(small);
    }

    /// <summary>Issue 20's cold targets, each a ratio between rows of this run, and the bound beside each.</summary>
    public static void Targets(Settings settings, ColdResults cold)
    {
        Console.WriteLine("### Cold-process targets (issue 20)");
        Console.WriteLine();
        if (cold.Large.Count > 0)
        {
            var curl = Beyond(cold, Curl(cold));
            var module = Beyond(cold, cold.Large.Single(r => r.IsModule));
            var httpClient = Beyond(cold, cold.Large.Single(r => r.Label.StartsWith("HttpClient", StringComparison.Ordinal)));
            var gib = settings.LargeMib / 1024.0;
            Console.WriteLine(
                $"- CPU per GiB beyond an idle pwsh: {module / gib:0.00} s, curl's {curl / gib:0.00} s: {module / curl:0.00}x ({Report.Verdict(module <= 1.5 * curl)}, target ≤ 1.5x); " +
                $".NET's own HttpClient in the same fresh pwsh, no module: {httpClient / curl:0.00}x");
        }

        if (cold.Small.Count > 0)
        {
            var send = cold.Small.Single(r => r.IsModule);
            var falJs = cold.Small.Single(r => !r.IsModule);
            var speedup = falJs.MedianSeconds / send.MedianSeconds;
            Console.WriteLine($"- {settings.Files} × {settings.FileKib} KiB from a fresh process at {send.InFlight}: {speedup:0.00}x fal-js ({Report.Verdict(speedup >= 2.2)}, target ≥ 2.2x)");
        }

        Console.WriteLine();
    }

    private static Row Curl(ColdResults cold) => cold.Large.Single(r => r.Label.StartsWith("curl", StringComparison.Ordinal));

    /// <summary>A row's median CPU beyond the idle pwsh's; curl's whole CPU (it starts no runtime).</summary>
    private static double Beyond(ColdResults cold, Row row) =>
        row.Label.StartsWith("curl", StringComparison.Ordinal) ? row.MedianClientCpu : row.MedianClientCpu - cold.IdlePwsh.MedianClientCpu;
}
