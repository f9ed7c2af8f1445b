using System.Net;
using FalStorage.Emulator;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

/// <summary>The locked account: 403 "User is locked. Reason: ..." as fal is reported to answer an exhausted balance.</summary>
public sealed partial class FaultInjectionTests
{
    [Fact]
    public async Task The_nth_token_and_initiate_requests_answer_as_for_a_locked_account()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.Faults[RouteKind.Token].FailNth.Add(1);
            options.Faults[RouteKind.Token].FailNthWith = FaultAction.AccountLocked;
            options.Faults[RouteKind.Initiate].FailNth.UnionWith([1, 2]);
            options.Faults[RouteKind.Initiate].FailNthWith = FaultAction.AccountLocked;
        });
        var client = emulator.HttpClient;
        var body = EmulatorHttp.InitiateBody("image/png", "a.png");

        using var token = await client.SendAsync(TokenHttp.TokenRequest(EmulatorFixture.TestKey));
        using var single = await client.SendAsync(EmulatorHttp.InitiateRequest(EmulatorFixture.TestKey, body));
        using var multipart = await client.SendAsync(EmulatorHttp.InitiateRequest(EmulatorFixture.TestKey, body, EmulatorHttp.InitiateMultipartPath));

        foreach (var locked in new[] { token, single, multipart })
        {
            Assert.Equal(HttpStatusCode.Forbidden, locked.StatusCode);
            Assert.StartsWith("User is locked. Reason: Exhausted balance", (await locked.ReadDetailAsync()).GetString());
        }

        Assert.Equal((1, 2), (emulator.Emulator.Faults.InjectedCount(RouteKind.Token), emulator.Emulator.Faults.InjectedCount(RouteKind.Initiate)));
        await client.GetTokenAsync(EmulatorFixture.TestKey);
        await client.UploadAsync(EmulatorFixture.TestKey, [1]);
    }

    [Fact]
    public async Task A_locked_rate_of_one_locks_the_account_until_it_is_switched_off()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.Faults[RouteKind.Token].AccountLockedRate = 1;
            options.Faults[RouteKind.Initiate].AccountLockedRate = 1;
        });
        var faults = emulator.Emulator.Faults;

        for (var i = 0; i < 3; i++)
        {
            using var token = await emulator.HttpClient.SendAsync(TokenHttp.TokenRequest(EmulatorFixture.TestKey));
            using var initiate = await emulator.HttpClient.SendAsync(EmulatorHttp.InitiateRequest(EmulatorFixture.TestKey, EmulatorHttp.InitiateBody("image/png", "a.png")));
            Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (token.StatusCode, initiate.StatusCode));
        }

        Assert.Equal("initiate: locked=100%; token: locked=100%", faults.ToString());
        Assert.Equal(0, faults.InjectedCount(RouteKind.Put));
        faults[RouteKind.Token].AccountLockedRate = 0;
        faults[RouteKind.Initiate].AccountLockedRate = 0;
        await emulator.HttpClient.GetTokenAsync(EmulatorFixture.TestKey);
        await emulator.HttpClient.UploadAsync(EmulatorFixture.TestKey, [1]);
    }
}
