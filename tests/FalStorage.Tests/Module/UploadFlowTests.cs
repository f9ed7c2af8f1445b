using System.Management.Automation;
using System.Text.Json;
using FalStorage.Emulator;
using FalStorage.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace FalStorage.Tests.Module;

/// <summary>
/// Which flow Send-FalAsset takes: the CDN token flow where the service offers it (one token per session, renewed
/// before it expires and once after a 401), the signed-URL flow where it does not (asked once per session), and either
/// when -UploadFlow says so. The faults, stalls and Ctrl+C of both flows are in ResilienceTests and SoakTests.
/// </summary>
public sealed class UploadFlowTests : ModuleTests
{
    private readonly CapturingLoggerProvider _emulatorLog = new();

    [Fact]
    public async Task One_token_serves_every_file_part_command_and_runspace_of_a_session()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        var small = Enumerable.Range(0, 12).Select(i => Files.WriteRandomFile($"small-{i}.png", 3000 + i)).ToArray();
        var large = Files.WriteRandomFile("large.mov", (12 * 1024 * 1024) + 3);
        ConnectTo(emulator);

        var result = Host.Run(
            """
            $small, $large, $manifest = $args
            $session = Get-FalSession
            $small[0..5] | Send-FalAsset
            Send-FalAsset -Path $large -MultipartThreshold 5MB -PartSize 5MB
            $small[6..11] | ForEach-Object -Parallel { Import-Module $using:manifest; Send-FalAsset -Path $_ -Session $using:session } -ThrottleLimit 3
            """,
            small,
            large,
            RepoPaths.ModuleManifest);

        result.AssertSucceeded();
        Assert.Equal(13, result.OutputOf<FalAsset>().Count);
        var faults = emulator.Emulator.Faults;
        Assert.Equal(1, faults.RequestCount(RouteKind.Token));
        Assert.Equal((12, 1, 3, 1), (faults.RequestCount(RouteKind.TokenUpload), faults.RequestCount(RouteKind.TokenMultipart), faults.RequestCount(RouteKind.TokenPart), faults.RequestCount(RouteKind.TokenComplete)));
        Assert.Equal((0, 0), (faults.RequestCount(RouteKind.Initiate), faults.RequestCount(RouteKind.Put)));
        var stored = emulator.Emulator.ListObjects();
        Assert.Equal(small.Append(large).Select(TempFolder.Sha256OfFile).Order(), stored.Select(o => o.Sha256.ToUpperInvariant()).Order());
        Assert.Equal(3, stored.Single(o => o.FileName == "large.mov").PartCount);
    }

    [Fact]
    public async Task A_service_without_the_token_route_is_asked_once_per_session_then_signed_URLs_serve()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.TokenUpload = false;
            options.LogLevel = LogLevel.Information;
            options.ConfigureLogging = logging => logging.AddProvider(_emulatorLog);
        });
        var files = Enumerable.Range(0, 6).Select(i => Files.WriteRandomFile($"fallback-{i}.png", 2000)).ToArray();
        ConnectTo(emulator);

        var result = Host.Run("$args[0][0..2] | Send-FalAsset -Verbose; $args[0][3..5] | Send-FalAsset -Verbose", (object)files);

        result.AssertSucceeded();
        Assert.Equal(files, result.OutputOf<FalAsset>().Select(a => a.SourcePath));
        Assert.Equal((6, 6), (emulator.Emulator.Faults.RequestCount(RouteKind.Initiate), emulator.Emulator.Faults.RequestCount(RouteKind.Put)));
        Assert.Single(_emulatorLog.Lines, line => line.Contains("route=unmatched", StringComparison.Ordinal) && line.Contains("status=404", StringComparison.Ordinal));
        Assert.Single(result.Verbose, line => line.Contains("offers no CDN token upload (404): this session uploads through signed URLs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CdnToken_asked_of_a_service_without_it_is_an_error_that_says_what_to_use()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options => options.TokenUpload = false);
        var files = new[] { Files.WriteRandomFile("a.png", 100), Files.WriteRandomFile("b.png", 100) };
        ConnectTo(emulator, "CdnToken");

        var result = Host.Run("$args[0] | Send-FalAsset", (object)files);

        Assert.Empty(result.Output);
        Assert.Equal(files, result.Errors.Select(e => e.TargetObject));
        Assert.All(result.Errors, error =>
        {
            Assert.StartsWith("FalStorage.ServiceError,", error.FullyQualifiedErrorId);
            Assert.Contains("404", error.Exception.Message);
            Assert.Contains("does not offer the CDN token upload: use -UploadFlow Auto or SignedUrl", error.Exception.Message);
        });
        Assert.Equal(0, emulator.Emulator.Faults.RequestCount(RouteKind.Initiate));
        Assert.Empty(emulator.Emulator.ListObjects());
    }

    [Fact]
    public async Task SignedUrl_from_the_session_or_the_command_never_asks_for_a_token_and_tickets_stay_signed()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        var file = Files.WriteRandomFile("signed.png", 1000);
        ConnectTo(emulator, "SignedUrl");
        Host.Run("Send-FalAsset -Path $args[0]; (Get-FalSession).UploadFlow", file).AssertSucceeded();
        Assert.Equal((0, 1), (emulator.Emulator.Faults.RequestCount(RouteKind.Token), emulator.Emulator.Faults.RequestCount(RouteKind.Put)));

        ConnectTo(emulator, "CdnToken");
        var result = Host.Run(
            "Send-FalAsset -Path $args[0] -FileName command.png -UploadFlow SignedUrl; Send-FalAsset -Path $args[0] -Ticket (Request-FalUpload -FileName ticket.png); (Get-FalSession).UploadFlow",
            file);

        result.AssertSucceeded();
        Assert.Equal(FalUploadFlow.CdnToken, result.OutputOf<FalUploadFlow>().Single());
        Assert.Equal((0, 3), (emulator.Emulator.Faults.RequestCount(RouteKind.Token), emulator.Emulator.Faults.RequestCount(RouteKind.Put)));
        Assert.Equal(["command.png", "signed.png", "ticket.png"], emulator.Emulator.ListObjects().Select(o => o.FileName).Order());
    }

    [Fact]
    public async Task A_token_is_renewed_shortly_before_it_expires_without_meeting_a_401()
    {
        // Four seconds (whole seconds, rounded down: more than three): renewed at most three seconds after it came.
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.TokenLifetime = TimeSpan.FromSeconds(4);
            options.LogLevel = LogLevel.Information;
            options.ConfigureLogging = logging => logging.AddProvider(_emulatorLog);
        });
        var file = Files.WriteRandomFile("renewed.png", 1000);
        ConnectTo(emulator);
        Host.Run("Send-FalAsset -Path $args[0] -FileName first.png", file).AssertSucceeded();

        await Task.Delay(TimeSpan.FromSeconds(3.2));
        Host.Run("Send-FalAsset -Path $args[0] -FileName second.png", file).AssertSucceeded();

        Assert.Equal(2, emulator.Emulator.Faults.RequestCount(RouteKind.Token));
        Assert.Equal(2, emulator.Emulator.Faults.RequestCount(RouteKind.TokenUpload));
        Assert.DoesNotContain(_emulatorLog.Lines, line => line.Contains("status=401", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_refused_with_401_is_renewed_once_for_all_the_requests_that_met_it()
    {
        // The emulator's clock jumps past the token's end; the module's does not, so it learns from the 401s.
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await EmulatorFixture.StartAsync(options => options.TimeProvider = clock);
        var files = Enumerable.Range(0, 6).Select(i => Files.WriteRandomFile($"late-{i}.png", 50_000)).ToArray();
        ConnectTo(emulator);
        Host.Run("Send-FalAsset -Path $args[0] -FileName early.png", files[0]).AssertSucceeded();
        clock.Now += TimeSpan.FromHours(3);

        var result = Host.Run("$args[0] | Send-FalAsset -ThrottleLimit 6 -Verbose", (object)files);

        result.AssertSucceeded();
        Assert.Equal(files, result.OutputOf<FalAsset>().Select(a => a.SourcePath));
        Assert.Equal(2, emulator.Emulator.Faults.RequestCount(RouteKind.Token));
        Assert.Contains(result.Verbose, line => line.Contains("the CDN token was refused (401); asking for a new one", StringComparison.Ordinal));
        Assert.Equal(7, emulator.Emulator.ListObjects().Count);
    }

    [Fact]
    public void A_new_token_refused_too_is_the_key_s_error_not_a_loop()
    {
        var tokenRequests = 0;
        ForeignEndpoint? service = null;
        using var server = service = new ForeignEndpoint(head =>
        {
            if (head.StartsWith("POST /storage/auth/token", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref tokenRequests);
                return new ForeignAnswer(200, "application/json", JsonSerializer.Serialize(new { token = "t0ken", token_type = "Bearer", base_url = service!.Address.ToString().TrimEnd('/'), expires_at = DateTimeOffset.UtcNow.AddHours(1).ToString("o") }));
            }

            return new ForeignAnswer(401, "application/json", """{"detail": "Invalid token."}""");
        });
        var file = Files.WriteRandomFile("refused.png", 100);
        Host.Run("Connect-FalStorage -Endpoint $args[0] -Key k | Out-Null", server.Address.ToString()).AssertSucceeded();

        var result = Host.Run("Send-FalAsset -Path $args[0]", file);

        Assert.NotNull(result.TerminatingError);
        Assert.StartsWith("FalStorage.Unauthorized,", result.TerminatingError.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, result.TerminatingError.CategoryInfo.Category);
        Assert.Equal(2, tokenRequests);
    }

    [Fact]
    public async Task A_name_a_header_cannot_carry_goes_by_signed_URL_in_Auto_and_is_refused_under_CdnToken()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        var plain = Files.WriteRandomFile("plain.png", 500);
        var unicode = Files.WriteRandomFile("café 東京.png", 500);
        ConnectTo(emulator);

        var auto = Host.Run("Send-FalAsset -Path $args[0], $args[1]", plain, unicode);

        auto.AssertSucceeded();
        Assert.Equal(["café 東京.png", "plain.png"], auto.OutputOf<FalAsset>().Select(a => a.FileName).Order());
        Assert.Equal((1, 1), (emulator.Emulator.Faults.RequestCount(RouteKind.TokenUpload), emulator.Emulator.Faults.RequestCount(RouteKind.Initiate)));

        var explicitToken = Host.Run("Send-FalAsset -LiteralPath $args[0] -UploadFlow CdnToken", unicode);
        var error = Assert.Single(explicitToken.Errors);
        Assert.StartsWith("FalStorage.InvalidRequest,", error.FullyQualifiedErrorId);
        Assert.Equal((ErrorCategory.InvalidArgument, (object)unicode), (error.CategoryInfo.Category, error.TargetObject));
        Assert.Contains("-UploadFlow Auto or SignedUrl", error.Exception.Message);
        Assert.Equal(2, emulator.Emulator.ListObjects().Count);
    }
}
