using System.Management.Automation;
using FalStorage.Emulator;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>
/// A locked account (fal's 403 "User is locked. Reason: Exhausted balance..."): one terminating
/// FalStorage.AccountLocked that says so and what to do, on the token flow (the token route answers it) and on the
/// signed-URL flow (initiate answers it), not retried, and not the key's error.
/// </summary>
public sealed class LockedAccountTests : ModuleTests
{
    [Theory]
    [InlineData("Auto", RouteKind.Token)]
    [InlineData("CdnToken", RouteKind.Token)]
    [InlineData("SignedUrl", RouteKind.Initiate)]
    public async Task Send_FalAsset_stops_at_once_with_an_error_that_says_the_account_is_locked(string uploadFlow, RouteKind lockedRoute)
    {
        await using var emulator = await EmulatorFixture.StartAsync(options => options.Faults[lockedRoute].AccountLockedRate = 1);
        var files = Enumerable.Range(0, 3).Select(i => Files.WriteRandomFile($"locked-{i}.png", 1000)).ToArray();
        ConnectTo(emulator, uploadFlow);
        var faults = emulator.Emulator.Faults;

        // One file: asked once, not retried, and no other flow tried.
        AssertAccountLocked(Host.Run("Send-FalAsset -Path $args[0]", files[0]), files[0]);
        Assert.Equal(1, faults.RequestCount(lockedRoute));
        Assert.Equal(0, faults.RequestCount(lockedRoute == RouteKind.Token ? RouteKind.Initiate : RouteKind.Token));

        // Several: one error for the command, not one per file (the files already queued ask at most once each).
        AssertAccountLocked(Host.Run("$args[0] | Send-FalAsset -ThrottleLimit 1", (object)files), files[0]);
        Assert.InRange(faults.RequestCount(lockedRoute), 2, 1 + files.Length);
        Assert.Empty(emulator.Emulator.ListObjects());
    }

    [Fact]
    public async Task A_large_file_on_the_signed_url_flow_is_refused_at_its_multipart_initiate()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.Faults[RouteKind.Initiate].FailNth.Add(1);
            options.Faults[RouteKind.Initiate].FailNthWith = FaultAction.AccountLocked;
        });
        var file = Files.WriteRandomFile("large.mov", (6 * 1024 * 1024) + 1);
        ConnectTo(emulator, "SignedUrl");

        var result = Host.Run("Send-FalAsset -Path $args[0] -MultipartThreshold 5MB -PartSize 5MB", file);

        AssertAccountLocked(result, file);
        Assert.Equal((1, 0), (emulator.Emulator.Faults.RequestCount(RouteKind.Initiate), emulator.Emulator.Faults.RequestCount(RouteKind.Part)));
    }

    [Fact]
    public async Task Request_FalUpload_reports_the_locked_account_too()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options => options.Faults[RouteKind.Initiate].AccountLockedRate = 1);
        ConnectTo(emulator);

        var result = Host.Run("Request-FalUpload -FileName a.png");

        AssertAccountLocked(result, "a.png");
        Assert.Equal(1, emulator.Emulator.Faults.RequestCount(RouteKind.Initiate));
    }

    private static void AssertAccountLocked(PipelineResult result, object target)
    {
        Assert.Empty(result.Output);
        var error = result.TerminatingError;
        Assert.NotNull(error);
        Assert.Empty(result.Errors);
        Assert.StartsWith("FalStorage.AccountLocked,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        Assert.Equal(target, error.TargetObject);
        var message = error.Exception.Message;
        Assert.StartsWith("The fal account of this key is locked:", message);
        Assert.Contains("403", message);
        Assert.Contains("User is locked. Reason: Exhausted balance", message);
        Assert.EndsWith("Check the account's balance and billing at fal, then run the command again.", message);
    }
}
