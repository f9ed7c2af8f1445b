using System.Diagnostics;

namespace FalStorage.Benchmarks;

/// <summary>
/// The emulator alone, build against build: each upload on a fresh emulator process (data on tmpfs), sent from this
/// process from memory, so that the figures are the emulator's and the client costs little. The builds take turns,
/// the order rotating from run to run.
/// </summary>
internal static class EmulatorBenchmark
{
    private const int Mib = 1024 * 1024;

    public static async Task<int> RunAsync(EmulatorSettings settings, CancellationToken cancellation)
    {
        var builds = settings.Builds.Count > 0 ? settings.Builds : [("this", Workspace.Locate().EmulatorDll)];
        var key = "bench-" + Guid.NewGuid().ToString("N");
        var bytes = new byte[Math.Max(settings.PartMib * Mib, settings.FileKib * 1024)];
        Random.Shared.NextBytes(bytes);

        var scenarios = new (string Label, Func<EmulatorApi, Task<double?>> Upload)[]
        {
            ($"{settings.LargeMib} MiB in {settings.PartMib} MiB parts, one at a time", api => MultipartAsync(api, settings, bytes, inFlight: 1)),
            ($"{settings.LargeMib} MiB in {settings.PartMib} MiB parts, {settings.PartsInFlight} at once", api => MultipartAsync(api, settings, bytes, settings.PartsInFlight)),
            ($"{settings.Files} × {settings.FileKib} KiB single uploads, {settings.FilesInFlight} at once", api => SmallFilesAsync(api, settings, bytes)),
        };
        var measurements = scenarios.Select(_ => builds.Select(_ => new List<EmulatorMeasurement>()).ToArray()).ToArray();

        Console.WriteLine(Report.Machine());
        Console.WriteLine($"Builds: {string.Join(", ", builds.Select(build => $"{build.Name} = {build.Dll}"))}; emulator data on {settings.DataRoot}; {settings.LatencyMs} ms added to every request.");
        for (var run = 0; run < settings.Runs; run++)
        {
            for (var s = 0; s < scenarios.Length; s++)
            {
                for (var i = 0; i < builds.Count; i++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var b = (run + i) % builds.Count;
                    await using var emulator = await EmulatorProcess.StartAsync(builds[b].Dll, key, TimeSpan.FromMilliseconds(settings.LatencyMs), settings.DataRoot);
                    var api = new EmulatorApi(emulator.Endpoint, key);
                    await WarmUpAsync(api, bytes);
                    measurements[s][b].Add(await MeasureAsync(emulator, api, scenarios[s].Upload));
                }

                Console.WriteLine($"  run {run + 1}, {scenarios[s].Label}: " + string.Join(", ", builds.Select((build, b) => $"{build.Name} {measurements[s][b][^1].Seconds:0.00} s")));
            }
        }

        Console.WriteLine();
        for (var s = 0; s < scenarios.Length; s++)
        {
            EmulatorReport.Table(scenarios[s].Label, settings.Runs, builds.Select((build, b) => (build.Name, (IReadOnlyList<EmulatorMeasurement>)measurements[s][b])).ToList());
        }

        Console.WriteLine($"Load average at the end: {Report.LoadAverage()}.");
        return 0;
    }

    private static async Task<EmulatorMeasurement> MeasureAsync(EmulatorProcess emulator, EmulatorApi api, Func<EmulatorApi, Task<double?>> upload)
    {
        ProcFs.ResetPeakResident(emulator.Pid);
        var residentBefore = ProcFs.ResidentBytes(emulator.Pid);
        var cpu = ProcFs.CpuSeconds(emulator.Pid);
        var clock = Stopwatch.StartNew();
        var completion = await upload(api);
        var seconds = clock.Elapsed.TotalSeconds;
        return new EmulatorMeasurement(seconds, completion, ProcFs.CpuSeconds(emulator.Pid) - cpu, ProcFs.PeakResidentBytes(emulator.Pid), residentBefore);
    }

    /// <summary>One small upload of each kind first, not measured: the first request of each route costs its JIT and
    /// the emulator's first files, the same in every build, which would hide what the builds do differently.</summary>
    private static async Task WarmUpAsync(EmulatorApi api, byte[] bytes)
    {
        await EmulatorApi.PutAsync(await api.InitiateAsync("warm-up.bin", multipart: false), bytes.AsMemory(0, 64 * 1024));
        var uploadUrl = await api.InitiateAsync("warm-up-parts.bin", multipart: true);
        var etags = new[] { await EmulatorApi.PutPartAsync(uploadUrl, 1, bytes.AsMemory(0, 64 * 1024)), await EmulatorApi.PutPartAsync(uploadUrl, 2, bytes.AsMemory(0, 64 * 1024)) };
        await EmulatorApi.CompleteAsync(uploadUrl, etags.Select((etag, i) => (i + 1, etag)));
    }

    /// <summary>Initiates, sends the parts (each <paramref name="inFlight"/> at once, in order), completes; answers
    /// the completion's own seconds.</summary>
    private static async Task<double?> MultipartAsync(EmulatorApi api, EmulatorSettings settings, byte[] bytes, int inFlight)
    {
        var uploadUrl = await api.InitiateAsync("large.bin", multipart: true);
        var (total, partSize) = (settings.LargeMib * (long)Mib, settings.PartMib * (long)Mib);
        var etags = new string[(int)((total + partSize - 1) / partSize)];
        await Parallel.ForEachAsync(Enumerable.Range(1, etags.Length), new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (number, _) =>
        {
            var length = (int)Math.Min(partSize, total - ((number - 1) * partSize));
            etags[number - 1] = await EmulatorApi.PutPartAsync(uploadUrl, number, bytes.AsMemory(0, length));
        });

        var clock = Stopwatch.StartNew();
        await EmulatorApi.CompleteAsync(uploadUrl, etags.Select((etag, i) => (i + 1, etag)));
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Initiate and PUT per file, as a client of the signed URLs sends small files.</summary>
    private static async Task<double?> SmallFilesAsync(EmulatorApi api, EmulatorSettings settings, byte[] bytes)
    {
        var size = settings.FileKib * 1024;
        await Parallel.ForEachAsync(Enumerable.Range(0, settings.Files), new ParallelOptions { MaxDegreeOfParallelism = settings.FilesInFlight }, async (i, _) =>
        {
            var uploadUrl = await api.InitiateAsync($"small-{i:0000}.bin", multipart: false);
            await EmulatorApi.PutAsync(uploadUrl, bytes.AsMemory(i * 4096 % (bytes.Length - size + 1), size));
        });
        return null;
    }
}
