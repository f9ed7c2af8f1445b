using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Text.RegularExpressions;
using FalStorage.Emulator;
using FalStorage.Tests.Infrastructure;
using Xunit.Abstractions;

namespace FalStorage.Tests.Module;

/// <summary>Long runs under faults, a restarted service and Ctrl+C: nothing lost, nothing stored twice.</summary>
public sealed partial class SoakTests(ITestOutputHelper output) : ModuleTests
{
    [Theory]
    [MemberData(nameof(UploadFlowRoutes.Names), MemberType = typeof(UploadFlowRoutes))]
    public async Task A_thousand_uploads_with_a_fifth_of_requests_failing_all_arrive_once_intact_and_in_time(string flow)
    {
        var routes = UploadFlowRoutes.Of(flow);
        var random = new Random(1000);
        var paths = Enumerable.Range(0, 995).Select(i => Files.WriteRandomFile($"soak-{i:000}.bin", random.Next(0, 64 * 1024))).ToList();
        for (var i = 0; i < 5; i++)
        {
            paths.Insert(i * 200, Files.WriteRandomFile($"soak-large-{i}.bin", (11 * 1024 * 1024) + random.Next(0, 1024 * 1024)));
        }

        // The same uploads without faults set the bound: the faulty run may take more, but not without limit.
        await using var clean = await EmulatorFixture.StartAsync();
        var normal = TimeUpload(clean, paths, flow).Elapsed;

        await using var faulty = await EmulatorFixture.StartAsync(options =>
        {
            options.Faults.Seed = 1000;
            foreach (var kind in routes.Kinds)
            {
                options.Faults[kind].ServerErrorRate = 0.10;
                options.Faults[kind].RateLimitRate = 0.05;
                options.Faults[kind].RetryAfter = TimeSpan.FromSeconds(1);
                options.Faults[kind].DropRate = 0.05;
            }

            // The few multipart files make few part and complete requests: make sure those kinds fail too; and the
            // token flow's one or two token requests and five multipart starts.
            options.Faults[routes.Part].FailNth.UnionWith([2, 7]);
            options.Faults[routes.Part].FailNthWith = FaultAction.Drop;
            options.Faults[routes.Complete].FailNth.Add(1);
            options.Faults[RouteKind.Token].FailNth.Add(1);
            options.Faults[routes.StartParts].FailNth.Add(1);
        });
        var (elapsed, verbose) = TimeUpload(faulty, paths, flow, "-Verbose");

        // No file can finish before the waits its own retries were told to make (exponential backoff: a request that
        // fails six times in a row waits 16-31 s): the bound adds the longest such chain, which no stall hides behind.
        var longestRetryWait = TimeSpan.FromSeconds(verbose
            .Select(line => RetryAnnouncement().Match(line))
            .Where(match => match.Success)
            .GroupBy(match => match.Groups["request"].Value)
            .Select(retries => retries.Sum(match => double.Parse(match.Groups["seconds"].Value, CultureInfo.InvariantCulture)))
            .DefaultIfEmpty(0)
            .Max());
        var bound = (normal * 3) + TimeSpan.FromSeconds(30) + longestRetryWait;

        var stored = faulty.Emulator.ListObjects();
        Assert.Equal(paths.Count, stored.Count);
        Assert.Equal(paths.Select(TempFolder.Sha256OfFile).Order(), stored.Select(o => o.Sha256.ToUpperInvariant()).Order());
        Assert.Equal(5, stored.Count(o => o.PartCount > 1));
        Assert.True(elapsed < bound, $"{elapsed} with faults, over the bound {bound} set from {normal} without and the longest retry wait of one request, {longestRetryWait}");
        foreach (var kind in routes.Kinds)
        {
            Assert.True(faulty.Emulator.Faults.InjectedCount(kind) > 0, $"no fault was injected into {kind}");
        }

        output.WriteLine($"{paths.Count} files, {stored.Sum(o => o.Length) / 1024 / 1024} MiB: {normal.TotalSeconds:0.0} s clean, {elapsed.TotalSeconds:0.0} s with faults (bound {bound.TotalSeconds:0} s, of which {longestRetryWait.TotalSeconds:0.0} s the longest retry wait of one request)");
        output.WriteLine("faults injected / requests: " + string.Join(", ", routes.Kinds.Select(k => $"{k} {faulty.Emulator.Faults.InjectedCount(k)}/{faulty.Emulator.Faults.RequestCount(k)}")));
    }

    [Theory]
    [MemberData(nameof(UploadFlowRoutes.Names), MemberType = typeof(UploadFlowRoutes))]
    public async Task A_service_restarted_mid_run_loses_nothing(string flow)
    {
        var routes = UploadFlowRoutes.Of(flow);
        var port = FreePort();
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.Urls = $"http://127.0.0.1:{port}";
            options.Faults[routes.Upload].Latency = TimeSpan.FromMilliseconds(50);
            options.ShutdownTimeout = TimeSpan.FromMilliseconds(200);
        });
        var paths = Enumerable.Range(0, 200).Select(i => Files.WriteRandomFile($"restart-{i:000}.png", 20_000)).ToArray();
        ConnectTo(emulator, flow);

        using var shell = PowerShell.Create();
        shell.Runspace = Host.Runspace;
        shell.AddScript("$args[0] | Send-FalAsset -MaxRetries 10").AddArgument(paths);
        var assets = new PSDataCollection<PSObject>();
        var running = shell.BeginInvoke<object, PSObject>(null, assets);
        await Eventually.TrueAsync(() => emulator.Emulator.ListObjects().Count >= 40, "40 uploads done before the restart", TimeSpan.FromSeconds(60));
        await emulator.RestartAsync();
        shell.EndInvoke(running);

        Assert.Empty(shell.Streams.Error);
        Assert.Equal(paths, assets.Select(a => ((FalAsset)a.BaseObject).SourcePath));
        var stored = emulator.Emulator.ListObjects();
        Assert.Equal(paths.Select(TempFolder.Sha256OfFile).Order(), stored.Select(o => o.Sha256.ToUpperInvariant()).Distinct().Order());
        if (routes == UploadFlowRoutes.SignedUrl)
        {
            // A PUT sent again goes to the same upload URL: the same object, however the restart cut it.
            Assert.Equal(paths.Length, stored.Count);
        }
        else
        {
            // A token upload is a POST that makes a new object: one the shutdown cut after it was stored, before its
            // answer went out, is sent again and stored again (the client cannot know). At most one per request in
            // flight, the default -ThrottleLimit; how many the cut meets depends on the machine's load.
            Assert.InRange(stored.Count, paths.Length, paths.Length + 16);
        }
        foreach (var asset in assets.Select(a => (FalAsset)a.BaseObject).Where((_, i) => i % 20 == 0))
        {
            Assert.Equal(await File.ReadAllBytesAsync(asset.SourcePath), await emulator.HttpClient.GetByteArrayAsync(asset.FileUrl));
        }
    }

    [Theory]
    [MemberData(nameof(UploadFlowRoutes.Names), MemberType = typeof(UploadFlowRoutes))]
    public async Task Ctrl_C_in_the_middle_of_a_multipart_upload_then_the_same_command_completes_it(string flow)
    {
        var routes = UploadFlowRoutes.Of(flow);
        await using var emulator = await EmulatorFixture.StartAsync(options => options.Faults[routes.Part].Latency = TimeSpan.FromMilliseconds(400));
        var path = Files.WriteRandomFile("interrupted.mov", 30 * 1024 * 1024);
        const string command = "Send-FalAsset -Path $args[0] -MultipartThreshold 5MB -PartSize 5MB -ThrottleLimit 2";
        ConnectTo(emulator, flow);

        using (var shell = PowerShell.Create())
        {
            shell.Runspace = Host.Runspace;
            shell.AddScript(command).AddArgument(path);
            var running = shell.BeginInvoke();
            await Eventually.TrueAsync(() => emulator.Emulator.Faults.RequestCount(routes.Part) >= 3, "parts in flight", TimeSpan.FromSeconds(60));
            shell.Stop();
            Assert.True(running.IsCompleted);
        }

        Assert.Empty(emulator.Emulator.ListObjects());
        var again = Host.Run(command, path);

        again.AssertSucceeded();
        var asset = Assert.Single(again.OutputOf<FalAsset>());
        var stored = Assert.Single(emulator.Emulator.ListObjects());
        Assert.Equal((6, TempFolder.Sha256OfFile(path)), (stored.PartCount, stored.Sha256.ToUpperInvariant()));
        Assert.Equal(stored.Length, asset.Length);
    }

    private (TimeSpan Elapsed, List<string> Verbose) TimeUpload(EmulatorFixture emulator, List<string> paths, string flow, string extraParameters = "")
    {
        ConnectTo(emulator, flow);
        var clock = Stopwatch.StartNew();
        var result = Host.Run($"$args[0] | Send-FalAsset -ThrottleLimit 16 -MaxRetries 10 -MultipartThreshold 10MB -PartSize 5MB {extraParameters}", (object)paths.ToArray());
        clock.Stop();
        result.AssertSucceeded();
        Assert.Equal(paths, result.OutputOf<FalAsset>().Select(a => a.SourcePath));
        return (clock.Elapsed, result.Verbose);
    }

    /// <summary>RetryPolicy's verbose line: "{request}: {reason} Retry n of m in s s."</summary>
    [GeneratedRegex(@"^(?<request>.+?): .* Retry \d+ of \d+ in (?<seconds>\d+(\.\d+)?) s\.$")]
    private static partial Regex RetryAnnouncement();

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
