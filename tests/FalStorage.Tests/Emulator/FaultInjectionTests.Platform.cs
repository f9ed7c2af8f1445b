using System.Net;
using FalStorage.Emulator;
using FalStorage.Tests.Infrastructure;
using static FalStorage.Tests.Emulator.PlatformApi;

namespace FalStorage.Tests.Emulator;

/// <summary>Faults on the Platform API (<c>platform</c>): answered in its own error shape, as its clients parse them.</summary>
public sealed partial class FaultInjectionTests
{
    [Fact]
    public async Task The_nth_platform_requests_fail_in_the_platform_error_shape_from_the_command_line()
    {
        var options = EmulatorOptions.Parse(["--fault-nth", "platform:1=429", "--fault-nth", "initiate:1=error", "--fault", "platform:retry-after=3s"]);
        Assert.Equal(1, Assert.Single(options.Faults[RouteKind.Platform].FailNth));
        await using var emulator = await EmulatorFixture.StartAsync(configured =>
        {
            configured.Faults[RouteKind.Platform].FailNth.UnionWith([1, 3]);
            configured.Faults[RouteKind.Platform].FailNthWith = FaultAction.RateLimit;
        });
        var client = emulator.HttpClient;

        using (var limited = await client.SendAsync(Request(HttpMethod.Put, SettingsPath, EmulatorFixture.TestKey, "{}")))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.NotNull(limited.Headers.RetryAfter);
        }

        Assert.Contains("null", await client.OkAsync(HttpMethod.Get, SettingsPath, EmulatorFixture.TestKey));
        Assert.Equal("rate_limited", (await client.ErrorAsync(HttpStatusCode.TooManyRequests, HttpMethod.Get, SettingsPath, EmulatorFixture.TestKey)).Type);
        Assert.Equal(2, emulator.Emulator.Faults.InjectedCount(RouteKind.Platform));
        Assert.Equal(0, emulator.Emulator.Faults.InjectedCount(RouteKind.Initiate));
        await client.UploadAsync(EmulatorFixture.TestKey, [1]);

        emulator.Emulator.Faults[RouteKind.Platform].ServerErrorRate = 1;
        var (status, body) = await client.CallAsync(HttpMethod.Get, SettingsPath, EmulatorFixture.TestKey);
        using (body)
        {
            Assert.InRange((int)status, 500, 503);
            Assert.Equal("server_error", body.RootElement.GetProperty("error").GetProperty("type").GetString());
        }
    }
}
