using System.Diagnostics;
using System.Management.Automation;
using FalStorage.Emulator;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>Send-FalAsset against an emulator that misbehaves on purpose: expiry, stalls, Ctrl+C, slow parts (the fault
/// soak is in SoakTests); each on both upload flows.</summary>
public sealed class ResilienceTests : ModuleTests
{
    /// <summary>The signed URL, or the CDN token, expires while the upload waits out a Retry-After (the emulator's clock
    /// jumps past both at the retry): the retry is refused, and the file goes with a new one.</summary>
    [Theory]
    [MemberData(nameof(UploadFlowRoutes.Names), MemberType = typeof(UploadFlowRoutes))]
    public async Task An_upload_URL_or_token_that_expired_during_a_retry_is_replaced(string flow)
    {
        var routes = UploadFlowRoutes.Of(flow);
        var token = routes == UploadFlowRoutes.CdnToken;
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.TimeProvider = ClockThatJumps.PastEveryLifetimeAt(options.Faults, routes.Upload, 2);
            options.Faults[routes.Upload].FailNth.Add(1);
            options.Faults[routes.Upload].FailNthWith = FaultAction.RateLimit;
            options.Faults[routes.Upload].RetryAfter = TimeSpan.FromMilliseconds(100);
        });
        var path = Files.WriteRandomFile("patient.png", 5000);
        ConnectTo(emulator, flow);

        var result = Host.Run("Send-FalAsset -Path $args[0] -Verbose", path);

        result.AssertSucceeded();
        var asset = Assert.Single(result.OutputOf<FalAsset>());
        Assert.Equal(File.ReadAllBytes(path), await emulator.HttpClient.GetByteArrayAsync(asset.FileUrl));
        Assert.Equal(2, emulator.Emulator.Faults.RequestCount(token ? RouteKind.Token : RouteKind.Initiate));
        Assert.Contains(result.Verbose, line => line.Contains(token ? "the CDN token was refused (401); asking for a new one" : "was refused (403); starting again with a new one", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(UploadFlowRoutes.Names), MemberType = typeof(UploadFlowRoutes))]
    public async Task Ctrl_C_stops_within_a_second_and_keeps_what_was_uploaded(string flow)
    {
        var routes = UploadFlowRoutes.Of(flow);
        await using var emulator = await EmulatorFixture.StartAsync();
        var done = Enumerable.Range(0, 3).Select(i => Files.WriteRandomFile($"before-{i}.png", 1000)).ToArray();
        var stalled = Enumerable.Range(0, 10).Select(i => Files.WriteRandomFile($"during-{i}.png", 1000)).ToArray();
        ConnectTo(emulator, flow);
        Host.Run("$args[0] | Send-FalAsset", (object)done).AssertSucceeded();
        emulator.Emulator.Faults[routes.Upload].Latency = TimeSpan.FromSeconds(30);

        using var shell = PowerShell.Create();
        shell.Runspace = Host.Runspace;
        shell.AddScript("$args[0] | Send-FalAsset").AddArgument(stalled);
        var running = shell.BeginInvoke();
        await Eventually.TrueAsync(() => emulator.Emulator.Faults.RequestCount(routes.Upload) >= done.Length + 4, "uploads in flight");
        var stopping = Stopwatch.StartNew();
        shell.Stop();
        stopping.Stop();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(1), $"Stop took {stopping.Elapsed.TotalMilliseconds:0} ms");
        Assert.True(running.IsCompleted);
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        emulator.Emulator.Faults[routes.Upload].Latency = TimeSpan.Zero;
        Assert.Equal(done.Select(Path.GetFileName).Order(), emulator.Emulator.ListObjects().Select(o => o.FileName).Order());
        var again = Host.Run("$args[0] | Send-FalAsset", (object)stalled);
        again.AssertSucceeded();
        Assert.Equal(stalled.Length, again.OutputOf<FalAsset>().Count);
    }

    [Theory]
    [MemberData(nameof(UploadFlowRoutes.Names), MemberType = typeof(UploadFlowRoutes))]
    public async Task A_service_that_stops_answering_times_out_with_its_own_error(string flow)
    {
        var routes = UploadFlowRoutes.Of(flow);
        await using var emulator = await EmulatorFixture.StartAsync(options => options.Faults[routes.FirstOfFile].Latency = TimeSpan.FromMinutes(5));
        var path = Files.WriteRandomFile("hung.png", 100);
        ConnectTo(emulator, flow);
        var clock = Stopwatch.StartNew();

        var result = Host.Run("Send-FalAsset -Path $args[0] -TimeoutSec 1 -MaxRetries 1", path);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("FalStorage.Timeout,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
        Assert.Contains("made no progress for 1 seconds", error.Exception.Message);
        Assert.Equal(2, emulator.Emulator.Faults.RequestCount(routes.FirstOfFile));
    }

    [Theory]
    [MemberData(nameof(UploadFlowRoutes.Names), MemberType = typeof(UploadFlowRoutes))]
    public async Task A_large_file_goes_in_parallel_parts_with_a_progress_bar_of_its_own(string flow)
    {
        var routes = UploadFlowRoutes.Of(flow);
        await using var emulator = await EmulatorFixture.StartAsync(options => options.Faults[routes.Part].Latency = TimeSpan.FromMilliseconds(300));
        var path = Files.WriteRandomFile("big.mov", (23 * 1024 * 1024) + 5);
        ConnectTo(emulator, flow);

        var result = Host.Run("Send-FalAsset -Path $args[0] -MultipartThreshold 5MB -PartSize 5MB -ThrottleLimit 3", path);

        result.AssertSucceeded();
        var asset = Assert.Single(result.OutputOf<FalAsset>());
        Assert.Equal(("video/quicktime", new FileInfo(path).Length), (asset.ContentType, asset.Length));
        var stored = Assert.Single(emulator.Emulator.ListObjects());
        Assert.Equal((5, TempFolder.Sha256OfFile(path)), (stored.PartCount, stored.Sha256.ToUpperInvariant()));
        Assert.Contains(result.Progress, p => p.ParentActivityId == 1 && p.Activity == "big.mov" && p.StatusDescription.EndsWith("of 5 parts", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(UploadFlowRoutes.Names), MemberType = typeof(UploadFlowRoutes))]
    public async Task ExpiresIn_reaches_the_service_as_the_object_lifecycle(string flow)
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        var path = Files.WriteRandomFile("short-lived.png", 100);
        ConnectTo(emulator, flow);

        Host.Run(
            "Send-FalAsset -Path $args[0] -FileName hour.png -ExpiresIn 1h; Send-FalAsset -Path $args[0] -FileName forever.png -ExpiresIn never; " +
            "$ticket = Request-FalUpload -FileName week.png -ExpiresIn ([TimeSpan]::FromDays(7)); Send-FalAsset -Path $args[0] -Ticket $ticket",
            path).AssertSucceeded();

        var stored = emulator.Emulator.ListObjects().ToDictionary(o => o.FileName);
        Assert.InRange(stored["hour.png"].ExpiresAt!.Value - stored["hour.png"].CreatedAt, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
        Assert.InRange(stored["week.png"].ExpiresAt!.Value - stored["week.png"].CreatedAt, TimeSpan.FromDays(6.99), TimeSpan.FromDays(7.01));
        Assert.Null(stored["forever.png"].ExpiresAt);
    }

    [Theory]
    [MemberData(nameof(UploadFlowRoutes.Names), MemberType = typeof(UploadFlowRoutes))]
    public async Task Verify_reports_a_CDN_that_serves_other_bytes(string flow)
    {
        await using var emulator = await EmulatorFixture.StartAsync(options => options.Faults[RouteKind.Cdn].Latency = TimeSpan.FromMilliseconds(700));
        var path = Files.WriteRandomFile("tampered.png", 50_000);
        ConnectTo(emulator, flow);

        // While the check's requests wait, the stored bytes are changed behind the service's back (same length).
        var tamper = Task.Run(async () =>
        {
            await Eventually.TrueAsync(() => emulator.Emulator.Faults.RequestCount(RouteKind.Cdn) >= 1, "the check under way");
            var stored = Directory.GetFiles(Path.Combine(emulator.DataDirectory, "objects"), "*.bin", SearchOption.AllDirectories).Single();
            var bytes = await File.ReadAllBytesAsync(stored);
            bytes[bytes.Length / 2] ^= 0xFF;
            await File.WriteAllBytesAsync(stored, bytes);
        });
        var result = Host.Run("Send-FalAsset -Path $args[0] -Verify", path);
        await tamper;

        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("FalStorage.VerificationFailed,", error.FullyQualifiedErrorId);
        Assert.Equal((ErrorCategory.InvalidResult, (object)path), (error.CategoryInfo.Category, error.TargetObject));
        Assert.Contains("does not serve the bytes of", error.Exception.Message);
        Assert.Contains(TempFolder.Sha256OfFile(path), error.Exception.Message);
    }

    [Fact]
    public async Task Request_FalUpload_retries_a_failed_initiate()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.Faults[RouteKind.Initiate].FailNth.Add(1);
            options.Faults[RouteKind.Initiate].FailNthWith = FaultAction.ServerError;
        });
        ConnectTo(emulator);

        var result = Host.Run("Request-FalUpload -FileName retried.png -Verbose");

        result.AssertSucceeded();
        Assert.Single(result.OutputOf<FalUploadTicket>());
        Assert.Contains(result.Verbose, line => line.Contains("Retry 1 of 5", StringComparison.Ordinal));
    }
}
