using System.Globalization;
using System.Net;
using System.Text.Json;
using FalStorage.Emulator;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

/// <summary>What fal's own clients send beyond the basic flow: no file name, a token's requested life, their own
/// <c>X-Fal-*</c> headers, and the fixed CDN upload host beside the token's <c>base_url</c>.</summary>
public sealed partial class TokenUploadTests
{
    [Theory]
    [InlineData("image/png", ".png")]
    [InlineData("image/jpeg", ".jpg")]
    [InlineData("video/mp4", ".mp4")]
    [InlineData("text/plain; charset=utf-8", ".txt")]
    [InlineData("application/octet-stream", ".bin")]
    [InlineData("application/x-unknown-to-anyone", "")]
    public async Task An_upload_without_a_file_name_is_named_at_random_with_the_extension_of_its_type(string contentType, string extension)
    {
        var grant = await Client.GetTokenAsync(EmulatorFixture.TestKey);

        using var single = await Client.SendAsync(TokenHttp.UploadRequest(grant.BaseUrl, grant.Token, [1, 2, 3], contentType, fileName: null));
        using var again = await Client.SendAsync(TokenHttp.UploadRequest(grant.BaseUrl, grant.Token, [4], contentType, fileName: null));
        using var multipart = await Client.SendAsync(TokenHttp.UploadRequest(grant.BaseUrl, grant.Token, null, contentType, fileName: null, multipart: true));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (single.StatusCode, again.StatusCode, multipart.StatusCode));
        var names = new List<string>();
        foreach (var response in new[] { single, again, multipart })
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var name = Uri.UnescapeDataString(new Uri(json.RootElement.GetProperty("access_url").GetString()!).Segments[^1]);
            Assert.Matches("^[0-9a-f]{16}" + System.Text.RegularExpressions.Regex.Escape(extension) + "$", name);
            names.Add(name);
        }

        Assert.Equal(3, names.Distinct().Count());
        var stored = emulator.Emulator.ListObjects().OrderBy(o => o.Length).ToList();
        Assert.Equal([(names[1], 1L), (names[0], 3L)], stored.Select(o => (o.FileName, o.Length)));
        Assert.All(stored, o => Assert.Equal(contentType, o.ContentType));
    }

    [Fact]
    public async Task A_token_upload_without_a_file_name_goes_up_in_parts_and_is_served_under_its_generated_name()
    {
        var grant = await Client.GetTokenAsync(EmulatorFixture.TestKey);
        using var start = await Client.SendAsync(TokenHttp.UploadRequest(grant.BaseUrl, grant.Token, null, "video/mp4", fileName: null, multipart: true));
        using var json = JsonDocument.Parse(await start.Content.ReadAsStringAsync());
        var accessUrl = new Uri(json.RootElement.GetProperty("access_url").GetString()!);
        var uploadId = json.RootElement.GetProperty("uploadId").GetString()!;

        using var part = await Client.PutTokenPartAsync(grant.Token, accessUrl, uploadId, 1, [9, 8, 7]);
        using var complete = await Client.CompleteTokenMultipartAsync(grant.Token, accessUrl, uploadId, [(1, part.Headers.ETag!.ToString())]);

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal([9, 8, 7], await Client.GetByteArrayAsync(accessUrl));
        Assert.EndsWith(".mp4", Assert.Single(emulator.Emulator.ListObjects()).FileName);
    }

    [Theory]
    [InlineData("""{"expiration_seconds": 600}""", 600)]
    [InlineData("""{"expiration_seconds": 1}""", 1)]
    [InlineData("""{"expiration_seconds": 7200}""", 7200)]
    [InlineData("""{"expiration_seconds": 2592000}""", 7200)]
    [InlineData("""{"expiration_seconds": 9223372036854775807}""", 7200)]
    [InlineData("""{"expiration_seconds": null}""", 7200)]
    [InlineData("""{"another_field": 5}""", 7200)]
    [InlineData("{}", 7200)]
    public async Task The_token_lives_as_long_as_asked_within_the_token_lifetime(string body, int seconds)
    {
        using var response = await Client.SendAsync(TokenHttp.TokenRequest(EmulatorFixture.TestKey, body));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expiresAt = DateTimeOffset.Parse(json.RootElement.GetProperty("expires_at").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(Start.AddSeconds(seconds), expiresAt);
        Assert.Equal(EmulatorOptions.DefaultTokenLifetime, TimeSpan.FromSeconds(7200));

        var grant = new TokenGrant(json.RootElement.GetProperty("token").GetString()!, "Bearer", json.RootElement.GetProperty("base_url").GetString()!, "");
        clock.Now = Start.AddSeconds(seconds) - TimeSpan.FromMilliseconds(1);
        using (var valid = await Client.SendAsync(TokenHttp.UploadRequest(grant.BaseUrl, grant.Token, [1])))
        {
            Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        }

        clock.Now = Start.AddSeconds(seconds);
        using var expired = await Client.SendAsync(TokenHttp.UploadRequest(grant.BaseUrl, grant.Token, [1]));
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    [Theory]
    [InlineData("""{"expiration_seconds": 0}""", "greater_than_equal")]
    [InlineData("""{"expiration_seconds": -5}""", "greater_than_equal")]
    [InlineData("""{"expiration_seconds": 60.5}""", "int_type")]
    [InlineData("""{"expiration_seconds": 1e3}""", "int_type")]
    [InlineData("""{"expiration_seconds": 99999999999999999999}""", "int_type")]
    [InlineData("""{"expiration_seconds": "600"}""", "int_type")]
    [InlineData("""{"expiration_seconds": true}""", "int_type")]
    [InlineData("""{"expiration_seconds": [600]}""", "int_type")]
    [InlineData("""{"expiration_seconds": {"seconds": 600}}""", "int_type")]
    public async Task A_bad_expiration_seconds_is_422_naming_the_field(string body, string type)
    {
        using var response = await Client.SendAsync(TokenHttp.TokenRequest(EmulatorFixture.TestKey, body));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var issue = Assert.Single((await response.ReadDetailAsync()).EnumerateArray());
        Assert.Equal(type, issue.GetProperty("type").GetString());
        Assert.Equal(["body", "expiration_seconds"], issue.GetProperty("loc").EnumerateArray().Select(part => part.GetString()));
        Assert.False(string.IsNullOrWhiteSpace(issue.GetProperty("msg").GetString()));
    }

    [Fact]
    public async Task Unknown_x_fal_headers_are_tolerated_on_every_route_of_both_flows()
    {
        void AddFalHeaders(HttpRequestMessage request)
        {
            request.Headers.TryAddWithoutValidation("X-Fal-CDN-Token", "an-opaque-value");
            request.Headers.TryAddWithoutValidation("X-Fal-Request-ID", Guid.NewGuid().ToString());
            request.Headers.TryAddWithoutValidation("X-Fal-Something-New", "{\"json\": true}");
        }

        using var tokenRequest = TokenHttp.TokenRequest(EmulatorFixture.TestKey);
        AddFalHeaders(tokenRequest);
        using var tokenResponse = await Client.SendAsync(tokenRequest);
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        var grant = await Client.GetTokenAsync(EmulatorFixture.TestKey);

        using var upload = TokenHttp.UploadRequest(grant.BaseUrl, grant.Token, [5, 5]);
        AddFalHeaders(upload);
        using var uploaded = await Client.SendAsync(upload);

        using var initiate = EmulatorHttp.InitiateRequest(EmulatorFixture.TestKey, EmulatorHttp.InitiateBody("image/png", "signed.png"));
        AddFalHeaders(initiate);
        using var initiated = await Client.SendAsync(initiate);
        using var initiatedJson = JsonDocument.Parse(await initiated.Content.ReadAsStringAsync());
        using var put = new HttpRequestMessage(HttpMethod.Put, initiatedJson.RootElement.GetProperty("upload_url").GetString()) { Content = new ByteArrayContent([6]) };
        AddFalHeaders(put);
        using var putAnswer = await Client.SendAsync(put);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (uploaded.StatusCode, initiated.StatusCode, putAnswer.StatusCode));
        Assert.Equal(2, emulator.Emulator.ListObjects().Count);
    }

    [Fact]
    public async Task A_single_upload_to_the_fixed_cdn_host_and_parts_to_base_url_both_reach_the_emulator_under_either_name()
    {
        // fal_client posts single uploads to its fixed CDN host (FAL_CDN_V3_HOST), multipart to the token's base_url:
        // here the same emulator reached under another host name, which the access URL then carries.
        var grant = await Client.GetTokenAsync(EmulatorFixture.TestKey);
        var cdnHost = $"cdn.emulator.test:{emulator.BaseAddress.Port}";

        using var single = TokenHttp.UploadRequest(grant.BaseUrl, grant.Token, [1, 2]);
        single.Headers.Host = cdnHost;
        using var singleAnswer = await Client.SendAsync(single);
        using var singleJson = JsonDocument.Parse(await singleAnswer.Content.ReadAsStringAsync());
        var multipartUrl = await Client.TokenMultipartUploadAsync(grant, [3, 4, 5], partSize: 2);

        Assert.Equal(HttpStatusCode.OK, singleAnswer.StatusCode);
        var singleUrl = new Uri(singleJson.RootElement.GetProperty("access_url").GetString()!);
        Assert.Equal(cdnHost, singleUrl.Authority);
        Assert.StartsWith(grant.BaseUrl + "/files/", multipartUrl.AbsoluteUri);
        Assert.Equal([1, 2], await Client.GetByteArrayAsync(grant.BaseUrl + singleUrl.AbsolutePath));
        Assert.Equal([3, 4, 5], await Client.GetByteArrayAsync(multipartUrl));
    }
}
