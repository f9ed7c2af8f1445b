using System.Net;
using FalStorage.Emulator;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

public sealed class AuthenticationTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static readonly string ValidBody = EmulatorHttp.InitiateBody("image/png", "reference.png");

    [Fact]
    public async Task Initiate_without_authorization_is_401_with_detail()
    {
        using var response = await fixture.HttpClient.SendAsync(EmulatorHttp.InitiateRequest(key: null, ValidBody));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var detail = await response.ReadDetailAsync();
        Assert.Contains("Authorization", detail.GetString());
    }

    [Theory]
    [InlineData("wrong-key")]
    [InlineData("test-key-id")] // the id half of an id:secret key is not the key
    [InlineData("test-key-secret")]
    [InlineData("test-key-id:test-key-secreT")]
    [InlineData("test-key-id:test-key-secret:")]
    [InlineData(FalStorageEmulator.DevelopmentKey)] // keys are configured, so the development key is not accepted
    public async Task Initiate_with_a_wrong_key_is_401(string key)
    {
        using var response = await fixture.HttpClient.SendAsync(EmulatorHttp.InitiateRequest(key, ValidBody));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Invalid API key.", (await response.ReadDetailAsync()).GetString());
    }

    [Theory]
    [InlineData("Bearer test-key-id:test-key-secret")]
    [InlineData("test-key-id:test-key-secret")]
    [InlineData("Key")]
    [InlineData("Keytest-key-id:test-key-secret")]
    public async Task Initiate_with_another_scheme_is_401(string authorization)
    {
        using var request = EmulatorHttp.InitiateRequest(key: null, ValidBody);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await fixture.HttpClient.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Initiate_with_the_whole_id_secret_key_is_200()
    {
        Assert.Contains(':', fixture.Key);

        using var response = await fixture.HttpClient.SendAsync(EmulatorHttp.InitiateRequest(fixture.Key, ValidBody));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Without_configured_keys_only_the_development_key_is_accepted()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options => options.Keys.Clear());

        using var accepted = await emulator.HttpClient.SendAsync(EmulatorHttp.InitiateRequest(FalStorageEmulator.DevelopmentKey, ValidBody));
        using var refused = await emulator.HttpClient.SendAsync(EmulatorHttp.InitiateRequest(EmulatorFixture.TestKey, ValidBody));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Each_configured_key_is_accepted_and_recorded_by_fingerprint_only()
    {
        const string otherKey = "second-id:second-secret";
        await using var emulator = await EmulatorFixture.StartAsync(options => options.Keys.Add(otherKey));

        await emulator.HttpClient.UploadAsync(EmulatorFixture.TestKey, [1], fileName: "first.bin");
        await emulator.HttpClient.UploadAsync(otherKey, [2], fileName: "second.bin");

        var objects = emulator.Emulator.ListObjects().ToDictionary(stored => stored.FileName);
        Assert.Equal(FalStorageEmulator.FingerprintKey(EmulatorFixture.TestKey), objects["first.bin"].KeyFingerprint);
        Assert.Equal(FalStorageEmulator.FingerprintKey(otherKey), objects["second.bin"].KeyFingerprint);
        Assert.NotEqual(objects["first.bin"].KeyFingerprint, objects["second.bin"].KeyFingerprint);
        Assert.DoesNotContain("secret", objects["first.bin"].KeyFingerprint);
    }
}
