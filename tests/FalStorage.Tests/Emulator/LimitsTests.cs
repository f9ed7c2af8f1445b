using System.Net;
using System.Text;
using System.Text.Json;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

/// <summary>Each limit is configurable, answers 413 with a detail, and leaves nothing on disk.</summary>
public sealed class LimitsTests : IAsyncLifetime
{
    private const int MaxBody = 64 * 1024;
    private const int MaxPart = 16 * 1024;
    private const int MaxParts = 3;
    private const int MaxJson = 300;

    private EmulatorFixture emulator = null!;

    public async Task InitializeAsync() =>
        emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.MaxBodySize = MaxBody;
            options.MaxPartSize = MaxPart;
            options.MaxParts = MaxParts;
            options.MaxJsonSize = MaxJson;
        });

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_single_put_of_exactly_the_limit_is_stored(bool chunked)
    {
        var (uploadUrl, fileUrl) = await emulator.HttpClient.InitiateUploadAsync(EmulatorFixture.TestKey);

        using var put = await emulator.HttpClient.PutAsync(uploadUrl, Body(MaxBody, chunked));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(MaxBody, (await emulator.HttpClient.GetByteArrayAsync(fileUrl)).Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_single_put_over_the_limit_is_413_and_nothing_is_kept(bool chunked)
    {
        var (uploadUrl, fileUrl) = await emulator.HttpClient.InitiateUploadAsync(EmulatorFixture.TestKey);

        using var response = await emulator.HttpClient.PutAsync(uploadUrl, Body(MaxBody + 1, chunked));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("--max-body-size", (await response.ReadDetailAsync()).GetString());
        await AssertNothingKeptAsync(fileUrl);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_part_over_the_limit_is_413_and_nothing_is_kept(bool chunked)
    {
        var (uploadUrl, fileUrl) = await emulator.HttpClient.InitiateMultipartAsync(EmulatorFixture.TestKey);

        using var ok = await emulator.HttpClient.PutAsync(EmulatorHttp.PartUrl(uploadUrl, 1), Body(MaxPart, chunked));
        using var response = await emulator.HttpClient.PutAsync(EmulatorHttp.PartUrl(uploadUrl, 2), Body(MaxPart + 1, chunked));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("--max-part-size", (await response.ReadDetailAsync()).GetString());
        await AssertNothingKeptAsync(fileUrl);
        Assert.Single(Directory.GetFiles(Path.Combine(emulator.DataDirectory, "uploads"), "*.part", SearchOption.AllDirectories));
    }

    /// <summary>The last complete PUT wins: one that fails leaves the object of the one before.</summary>
    [Fact]
    public async Task A_second_put_that_fails_leaves_the_first_object_served()
    {
        var (uploadUrl, fileUrl) = await emulator.HttpClient.InitiateUploadAsync(EmulatorFixture.TestKey);
        using var first = await emulator.HttpClient.PutAsync(uploadUrl, new ByteArrayContent([1, 2, 3]));

        using var second = await emulator.HttpClient.PutAsync(uploadUrl, Body(MaxBody + 1, chunked: true));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, second.StatusCode);
        Assert.Equal([1, 2, 3], await emulator.HttpClient.GetByteArrayAsync(fileUrl));
        await Eventually.TrueAsync(() => Directory.GetFiles(Path.Combine(emulator.DataDirectory, "tmp")).Length == 0, "tmp/ to be empty");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_far_over_the_limit_still_gets_its_413_rather_than_a_reset(bool chunked)
    {
        var (uploadUrl, fileUrl) = await emulator.HttpClient.InitiateUploadAsync(EmulatorFixture.TestKey);

        // 8 MiB against a 64 KiB limit: the answer comes long before the client has sent everything.
        for (var i = 0; i < 3; i++)
        {
            using var response = await emulator.HttpClient.PutAsync(uploadUrl, Body(8 * 1024 * 1024, chunked));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }

        await AssertNothingKeptAsync(fileUrl);
    }

    [Fact]
    public async Task A_part_number_over_the_limit_is_413()
    {
        var (uploadUrl, _) = await emulator.HttpClient.InitiateMultipartAsync(EmulatorFixture.TestKey);

        using var last = await emulator.HttpClient.PutPartAsync(uploadUrl, MaxParts, [1]);
        using var over = await emulator.HttpClient.PutPartAsync(uploadUrl, MaxParts + 1, [1]);

        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        Assert.Contains("--max-parts", (await over.ReadDetailAsync()).GetString());
        Assert.Single(Directory.GetFiles(Path.Combine(emulator.DataDirectory, "uploads"), "*.part", SearchOption.AllDirectories));
    }

    /// <summary>Junk items too: the list is counted before its items are checked.</summary>
    [Theory]
    [InlineData("""{"partNumber": 1, "etag": "x"}""")]
    [InlineData("{}")]
    [InlineData("0")]
    public async Task A_completion_listing_more_parts_than_the_limit_is_413(string item)
    {
        var (uploadUrl, fileUrl) = await emulator.HttpClient.InitiateMultipartAsync(EmulatorFixture.TestKey);
        var body = $"{{\"parts\": [{string.Join(", ", Enumerable.Repeat(item, MaxParts + 1))}]}}";

        using var response = await emulator.HttpClient.PostAsync(EmulatorHttp.CompleteUrl(uploadUrl), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await response.ReadDetailAsync();
        await AssertNothingKeptAsync(fileUrl);
    }

    [Fact]
    public async Task An_initiate_body_over_the_json_limit_is_413()
    {
        var body = JsonSerializer.Serialize(new { content_type = "image/png", file_name = "a.png", padding = new string('x', MaxJson) });

        using var response = await emulator.HttpClient.SendAsync(EmulatorHttp.InitiateRequest(EmulatorFixture.TestKey, body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await response.ReadDetailAsync();
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(emulator.DataDirectory, "uploads")));
    }

    /// <summary>The Platform API has no 413 (nor 422): a body over the JSON limit is its 400, and the connection closes,
    /// since the rest of the body may be unread. Nothing changes.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_platform_body_over_the_json_limit_is_a_400_that_closes_the_connection(bool chunked)
    {
        var fileUrl = await emulator.HttpClient.UploadAsync(EmulatorFixture.TestKey, [1]);
        var body = $$"""{"default": "hide", "rules": [{{string.Join(", ", Enumerable.Repeat("""{"user": "nobody", "decision": "allow"}""", 20))}}]}""";
        using var request = PlatformApi.Request(HttpMethod.Put, PlatformApi.AclPath(fileUrl), EmulatorFixture.TestKey, body);
        request.Headers.TransferEncodingChunked = chunked;

        using var response = await emulator.HttpClient.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(response.Headers.ConnectionClose);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("validation_error", json.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("--max-json-size", json.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Null(Assert.Single(emulator.Emulator.ListObjects()).Acl);
    }

    [Fact]
    public async Task A_completion_may_exceed_the_json_limit_by_its_allowance_per_part()
    {
        // Three parts listed with padded ETags: over 300 bytes, within 300 + 3 x 128.
        var (uploadUrl, fileUrl) = await emulator.HttpClient.InitiateMultipartAsync(EmulatorFixture.TestKey);
        var etags = new List<(int, string)>();
        for (var number = 1; number <= MaxParts; number++)
        {
            using var put = await emulator.HttpClient.PutPartAsync(uploadUrl, number, [(byte)number]);
            etags.Add((number, put.Headers.ETag!.ToString()));
        }

        var body = JsonSerializer.Serialize(new { parts = etags.Select(part => new { partNumber = part.Item1, etag = part.Item2, note = new string(' ', 60) }) });
        Assert.InRange(Encoding.UTF8.GetByteCount(body), MaxJson + 1, MaxJson + (MaxParts * 128));
        using var complete = await emulator.HttpClient.PostAsync(EmulatorHttp.CompleteUrl(uploadUrl), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal([1, 2, 3], await emulator.HttpClient.GetByteArrayAsync(fileUrl));
    }

    /// <summary>The token flow has the same limits: its single upload, its parts and part numbers, its completion
    /// and the token request's JSON.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_token_flow_keeps_the_same_limits(bool chunked)
    {
        var grant = await emulator.HttpClient.GetTokenAsync(EmulatorFixture.TestKey);
        var (accessUrl, uploadId) = await emulator.HttpClient.StartTokenMultipartAsync(grant);
        using var single = TokenHttp.UploadRequest(grant.BaseUrl, grant.Token, null);
        single.Content = Body(MaxBody + 1, chunked);
        single.Content.Headers.TryAddWithoutValidation("Content-Type", "image/png");
        using var largePart = TokenHttp.Authorized(HttpMethod.Put, TokenHttp.TokenPartUrl(accessUrl, uploadId, 1), grant.Token, Body(MaxPart + 1, chunked));
        var tooMany = $"{{\"parts\": [{string.Join(", ", Enumerable.Repeat("""{"partNumber": 1, "etag": "x"}""", MaxParts + 1))}]}}";
        var largeToken = JsonSerializer.Serialize(new { padding = new string('x', MaxJson) });

        using var bodyOver = await emulator.HttpClient.SendAsync(single);
        using var partOver = await emulator.HttpClient.SendAsync(largePart);
        using var numberOver = await emulator.HttpClient.PutTokenPartAsync(grant.Token, accessUrl, uploadId, MaxParts + 1, [1]);
        using var listOver = await emulator.HttpClient.SendAsync(TokenHttp.Authorized(
            HttpMethod.Post, TokenHttp.TokenCompleteUrl(accessUrl, uploadId), grant.Token, new StringContent(tooMany, Encoding.UTF8, "application/json")));
        using var tokenOver = await emulator.HttpClient.SendAsync(TokenHttp.TokenRequest(EmulatorFixture.TestKey, largeToken));

        Assert.Contains("--max-body-size", (await Refused(bodyOver)).GetString());
        Assert.Contains("--max-part-size", (await Refused(partOver)).GetString());
        Assert.Contains("--max-parts", (await Refused(numberOver)).GetString());
        Assert.Contains("--max-parts", (await Refused(listOver)).GetString());
        Assert.Contains("--max-json-size", (await Refused(tokenOver)).GetString());
        await AssertNothingKeptAsync(accessUrl);
        Assert.Empty(Directory.GetFiles(Path.Combine(emulator.DataDirectory, "uploads"), "*.part", SearchOption.AllDirectories));

        static async Task<JsonElement> Refused(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            return await response.ReadDetailAsync();
        }
    }

    private static HttpContent Body(int length, bool chunked) => UnseekableStream.RandomBody(length, chunked);

    private async Task AssertNothingKeptAsync(Uri fileUrl)
    {
        await Eventually.TrueAsync(() => Directory.GetFiles(Path.Combine(emulator.DataDirectory, "tmp")).Length == 0, "tmp/ to be empty");
        using var response = await emulator.HttpClient.GetAsync(fileUrl);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(Directory.GetDirectories(Path.Combine(emulator.DataDirectory, "objects")));
    }
}
