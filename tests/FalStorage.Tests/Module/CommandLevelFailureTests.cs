using System.Diagnostics;
using System.Management.Automation;
using FalStorage.Emulator;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>
/// Issue 17, items 2-6 and 13: what no file of a command can get past (a lifetime the service refuses, an endpoint
/// that is not the fal Storage API, never answers, or does not speak TLS) is one terminating error for the command,
/// reported without retries and saying what to do; what was retried says how often, and a Retry-After too long to
/// wait says how long it was.
/// </summary>
public sealed class CommandLevelFailureTests : ModuleTests
{
    /// <summary>Without retries these come back in well under a second; the shortest retry schedule takes 7 s.</summary>
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData("CdnToken")]
    [InlineData("SignedUrl")]
    public async Task A_lifetime_the_service_refuses_is_one_error_for_the_command_naming_ExpiresIn_and_the_limit(string flow)
    {
        await using var emulator = await EmulatorFixture.StartAsync(options => options.MaxObjectLifetime = TimeSpan.FromDays(1));
        ConnectTo(emulator, flow);
        var files = Enumerable.Range(1, 5).Select(i => Files.WriteRandomFile($"long-lived-{i}.png", 1000)).ToArray();

        var result = Host.Run("$args[0] | Send-FalAsset -ExpiresIn 2d -ThrottleLimit 1", [files]);

        var error = Assert.IsType<ErrorRecord>(result.TerminatingError);
        Assert.StartsWith("FalStorage.LifetimeRefused,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(files[0], error.TargetObject);
        Assert.Contains("-ExpiresIn", error.Exception.Message);
        Assert.Contains("Input should be from 1 to 86400 seconds", error.Exception.Message);
        Assert.Empty(result.Errors);
        Assert.Empty(emulator.Emulator.ListObjects());
    }

    [Theory]
    [InlineData("-ExpiresIn 1M", "'M' is not a unit")]
    [InlineData("-ExpiresIn 30D", "'D' is not a unit")]
    [InlineData("-ExpiresIn 3661d", "at most 3660 days")]
    [InlineData("-ExpiresIn ([timespan]::FromDays(4000))", "at most 3660 days")]
    public async Task A_lifetime_with_a_unit_not_in_the_list_or_beyond_the_limit_is_refused_at_binding_before_anything_is_sent(string parameter, string said)
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        ConnectTo(emulator);
        var file = Files.WriteRandomFile("month.png", 100);

        var result = Host.Run($"Send-FalAsset -Path $args[0] {parameter}", file);

        var error = Assert.IsType<ErrorRecord>(result.TerminatingError);
        Assert.StartsWith("CannotConvertArgumentNoMessage,", error.FullyQualifiedErrorId);
        Assert.Contains(said, error.Exception.Message);
        if (said.Contains("unit", StringComparison.Ordinal))
        {
            Assert.Contains("Units are s (seconds), m (minutes), h (hours), d (days), w (weeks) or y (365 days), in lower case", error.Exception.Message);
        }

        Assert.Empty(emulator.Emulator.ListObjects());
        Assert.Equal(0, emulator.Emulator.Faults.RequestCount(RouteKind.Token) + emulator.Emulator.Faults.RequestCount(RouteKind.Initiate));
    }

    /// <summary><c>python3 -m http.server</c> answers a POST with 501 and an HTML page.</summary>
    [Fact]
    public void A_web_server_that_answers_501_in_HTML_is_not_the_fal_API_reported_once_at_once()
    {
        var requests = 0;
        using var server = new ForeignEndpoint(_ =>
        {
            Interlocked.Increment(ref requests);
            return new ForeignAnswer(501, "text/html;charset=utf-8", "<html><body><h1>Error response</h1><p>Error code: 501</p></body></html>");
        });
        var files = Enumerable.Range(1, 2).Select(i => Files.WriteRandomFile($"static-{i}.png", 100)).ToArray();

        var clock = Stopwatch.StartNew();
        var result = Host.Run("$args[0] | Send-FalAsset -Session (Connect-FalStorage -Endpoint $args[1] -Key 'some-key')", files, server.Address.ToString());
        clock.Stop();

        AssertNotTheApi(result, clock.Elapsed);
        // The token route once (not offered), then each file's initiate at most once (both may be in flight): no retry.
        Assert.InRange(requests, 2, 1 + files.Length);
    }

    /// <summary>The emulator under a path it does not serve (<c>-Endpoint http://127.0.0.1:8787/api</c>): 404 on the API's routes.</summary>
    [Fact]
    public async Task An_endpoint_with_a_wrong_path_that_answers_404_is_not_the_fal_API_reported_once_at_once()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        var files = Enumerable.Range(1, 3).Select(i => Files.WriteRandomFile($"path-{i}.png", 100)).ToArray();

        var clock = Stopwatch.StartNew();
        var result = Host.Run("$args[0] | Send-FalAsset -Session (Connect-FalStorage -Endpoint $args[1] -Key $args[2])", files, new Uri(emulator.BaseAddress, "api").ToString(), emulator.Key);
        clock.Stop();

        AssertNotTheApi(result, clock.Elapsed);
        Assert.Empty(emulator.Emulator.ListObjects());
    }

    [Fact]
    public void Fifty_files_to_an_endpoint_that_refuses_connections_give_one_error()
    {
        var files = Enumerable.Range(1, 50).Select(i => Files.WriteRandomFile($"many-{i}.png", 10)).ToArray();

        var result = Host.Run("$args[0] | Send-FalAsset -Session (Connect-FalStorage -Endpoint $args[1] -Key 'some-key')", files, ClosedPort.Address().ToString());

        var error = Assert.IsType<ErrorRecord>(result.TerminatingError);
        Assert.StartsWith("FalStorage.EndpointUnreachable,", error.FullyQualifiedErrorId);
        Assert.Contains("check -Endpoint", error.Exception.Message);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task A_loopback_endpoint_without_a_scheme_is_plain_HTTP()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        var file = Files.WriteRandomFile("no-scheme.png", 100);

        var result = Host.Run(
            "$s = Connect-FalStorage -Endpoint $args[1] -Key $args[2]; $s.Endpoint; Send-FalAsset -Path $args[0] -Session $s",
            file, emulator.BaseAddress.Authority, emulator.Key);

        result.AssertSucceeded();
        Assert.Equal(new Uri($"http://{emulator.BaseAddress.Authority}/"), result.Output[0].BaseObject);
        Assert.Single(result.OutputOf<FalAsset>());
    }

    [Fact]
    public async Task Https_to_a_port_that_speaks_plain_HTTP_says_so_at_once_and_suggests_http()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        var files = Enumerable.Range(1, 3).Select(i => Files.WriteRandomFile($"tls-{i}.png", 100)).ToArray();
        var https = $"https://{emulator.BaseAddress.Authority}";

        var clock = Stopwatch.StartNew();
        var result = Host.Run("$args[0] | Send-FalAsset -Session (Connect-FalStorage -Endpoint $args[1] -Key 'some-key')", files, https);
        clock.Stop();

        Assert.True(clock.Elapsed < AtOnce, $"took {clock.Elapsed.TotalSeconds:0.0} s");
        var error = Assert.IsType<ErrorRecord>(result.TerminatingError);
        Assert.StartsWith("FalStorage.EndpointUnreachable,", error.FullyQualifiedErrorId);
        Assert.Contains("TLS", error.Exception.Message);
        Assert.Contains($"did you mean http://{emulator.BaseAddress.Authority}?", error.Exception.Message);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task A_refused_key_says_how_to_give_the_right_one_and_to_check_the_endpoint()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        var file = Files.WriteRandomFile("refused.png", 100);

        var result = Host.Run("Send-FalAsset -Path $args[0] -Session (Connect-FalStorage -Endpoint $args[1] -Key 'not-the-key')", file, emulator.BaseAddress.ToString());

        var error = Assert.IsType<ErrorRecord>(result.TerminatingError);
        Assert.StartsWith("FalStorage.Unauthorized,", error.FullyQualifiedErrorId);
        Assert.Contains("Connect-FalStorage -Key", error.Exception.Message);
        Assert.Contains("FAL_KEY", error.Exception.Message);
        Assert.Contains("-Endpoint is the service the key belongs to", error.Exception.Message);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_module_waits_is_said_in_seconds()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.Faults[RouteKind.Initiate].RateLimitRate = 1;
            options.Faults[RouteKind.Initiate].RetryAfter = TimeSpan.FromMinutes(2);
        });
        ConnectTo(emulator, "SignedUrl");
        var file = Files.WriteRandomFile("later.png", 100);

        var result = Host.Run("Send-FalAsset -Path $args[0]", file);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("FalStorage.RateLimited,", error.FullyQualifiedErrorId);
        Assert.Contains("a wait of 120 s before another try (Retry-After), longer than the 60 s the module waits", error.ToString());
        Assert.Equal(1, emulator.Emulator.Faults.RequestCount(RouteKind.Initiate));
    }

    [Fact]
    public async Task A_failure_that_outlasts_the_retries_says_how_many_times_it_was_tried()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options => options.Faults[RouteKind.Initiate].ServerErrorRate = 1);
        ConnectTo(emulator, "SignedUrl");
        var file = Files.WriteRandomFile("tried.png", 100);

        var result = Host.Run("Send-FalAsset -Path $args[0] -MaxRetries 2", file);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("FalStorage.ServiceError,", error.FullyQualifiedErrorId);
        Assert.EndsWith("It was tried 3 times.", error.ToString());
    }

    private static void AssertNotTheApi(PipelineResult result, TimeSpan took)
    {
        Assert.True(took < AtOnce, $"took {took.TotalSeconds:0.0} s");
        var error = Assert.IsType<ErrorRecord>(result.TerminatingError);
        Assert.StartsWith("FalStorage.UnexpectedResponse,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidResult, error.CategoryInfo.Category);
        Assert.Contains("this does not look like the fal Storage API. Check -Endpoint", error.Exception.Message);
        Assert.Empty(result.Errors);
    }
}
