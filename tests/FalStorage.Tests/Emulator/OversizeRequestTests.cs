using System.Net;
using System.Text;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

/// <summary>Bodies, headers and URLs far larger than any route wants: each gets its 4xx, none a 500, and the emulator
/// keeps serving. (Upload bodies over their limits are in <see cref="LimitsTests"/>.)</summary>
public sealed class OversizeRequestTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const int LargeBody = 8 * 1024 * 1024;

    /// <summary>Routes that read no body, or refuse the request before reading it; {file} is a real file URL's path.
    /// (A 200 to a GET with a body over 1 MiB may cut the connection instead, as Kestrel stops draining it there:
    /// no client sends one, and the fuzzer checks that nothing worse happens.)</summary>
    [Theory]
    [InlineData("POST", "/health", HttpStatusCode.MethodNotAllowed)]
    [InlineData("PUT", "/nowhere", HttpStatusCode.NotFound)]
    [InlineData("PUT", "{file}", HttpStatusCode.MethodNotAllowed)]
    [InlineData("DELETE", "{file}", HttpStatusCode.MethodNotAllowed)]
    [InlineData("POST", "/storage/upload/initiate", HttpStatusCode.Unauthorized)]
    [InlineData("PUT", "/uploads/0123456789abcdef0123456789abcdef?expires=1&signature=x", HttpStatusCode.Forbidden)]
    [InlineData("POST", "/uploads/0123456789abcdef0123456789abcdef/complete", HttpStatusCode.Forbidden)]
    [InlineData("POST", "/storage/auth/token", HttpStatusCode.Unauthorized)]
    [InlineData("POST", "/files/upload", HttpStatusCode.Unauthorized)]
    [InlineData("POST", "/files/upload/multipart", HttpStatusCode.Unauthorized)]
    [InlineData("PUT", "{file}/multipart/0123456789abcdef0123456789abcdef/1", HttpStatusCode.Unauthorized)]
    public async Task A_large_body_where_none_is_wanted_gets_the_routes_answer_rather_than_a_reset(string method, string path, HttpStatusCode expected)
    {
        var fileUrl = await fixture.HttpClient.UploadAsync(fixture.Key, [1, 2, 3], fileName: "small.png");
        var target = path.Replace("{file}", fileUrl.AbsolutePath, StringComparison.Ordinal);

        foreach (var chunked in new[] { false, true })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), target) { Content = Body(LargeBody, chunked) };
            using var response = await fixture.HttpClient.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
        }

        await AssertStillServingAsync(fileUrl);
    }

    /// <summary>Such a client sends its body only once told to continue. Refused first, it sends none: the emulator
    /// once waited for it anyway, and every refusal took Kestrel's 5 s grace for slow bodies (curl asks to continue
    /// for bodies over 1 MB). The bound is far above the milliseconds this takes, and below those 5 s.</summary>
    [Theory]
    [InlineData("POST", "/health", HttpStatusCode.MethodNotAllowed)]
    [InlineData("PUT", "/nowhere", HttpStatusCode.NotFound)]
    [InlineData("POST", "/storage/upload/initiate", HttpStatusCode.Unauthorized)]
    [InlineData("PUT", "/uploads/0123456789abcdef0123456789abcdef?expires=1&signature=x", HttpStatusCode.Forbidden)]
    public async Task A_refusal_to_a_client_that_expects_100_continue_comes_without_waiting_for_the_body(string method, string path, HttpStatusCode expected)
    {
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Body(LargeBody, chunked: false) };
            request.Headers.ExpectContinue = true;
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();

            using var response = await fixture.HttpClient.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();

            Assert.Equal(expected, response.StatusCode);
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4), $"The answer took {stopwatch.Elapsed.TotalSeconds:F1} s.");
        }

        // Told to continue, the body goes through.
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateUploadAsync(fixture.Key);
        using var put = new HttpRequestMessage(HttpMethod.Put, uploadUrl) { Content = new ByteArrayContent([1, 2, 3]) };
        put.Headers.ExpectContinue = true;
        using var stored = await fixture.HttpClient.SendAsync(put);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        await AssertStillServingAsync(fileUrl);
    }

    [Fact]
    public async Task A_chunked_json_body_over_its_limit_is_413_on_both_json_routes()
    {
        // Without a Content-Length only the emulator's own count of the bytes can stop these.
        var (uploadUrl, _) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key);
        var padding = Encoding.UTF8.GetBytes($"{{\"content_type\": \"image/png\", \"file_name\": \"a.png\", \"pad\": \"{new string(' ', LargeBody)}\"}}");
        using var initiate = EmulatorHttp.InitiateRequest(fixture.Key, "");
        initiate.Content = new StreamContent(new UnseekableStream(padding)) { Headers = { { "Content-Type", "application/json" } } };

        using var initiated = await fixture.HttpClient.SendAsync(initiate);
        using var completed = await fixture.HttpClient.PostAsync(
            EmulatorHttp.CompleteUrl(uploadUrl), new StreamContent(new UnseekableStream(padding)) { Headers = { { "Content-Type", "application/json" } } });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, initiated.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, completed.StatusCode);
        Assert.Contains("--max-json-size", (await initiated.ReadDetailAsync()).GetString());
        await AssertStillServingAsync(null);
    }

    [Fact]
    public async Task A_body_beyond_what_the_emulator_drains_is_refused_or_cut_off_never_a_500()
    {
        // Over RequestDrain's 16 MiB: the emulator may close the connection before the client has sent it all.
        foreach (var chunked in new[] { false, true })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/health") { Content = Body(40 * 1024 * 1024, chunked) };
            try
            {
                using var response = await fixture.HttpClient.SendAsync(request);
                Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
            }
            catch (HttpRequestException)
            {
                // Cut off while sending: allowed, this is what the bound on draining is for.
            }
        }

        await AssertStillServingAsync(null);
    }

    public static TheoryData<string, string, string, HttpStatusCode> LongHeaders => new()
    {
        // route (see SendWithHeaderAsync), header, value, expected status
        { "initiate", "Authorization", "Key " + new string('k', 30_000), HttpStatusCode.Unauthorized },
        { "initiate", "Authorization", "Key " + EmulatorFixture.TestKey + new string(' ', 30_000), HttpStatusCode.OK },
        { "initiate", "X-Fal-Object-Lifecycle", "{\"expiration_duration_seconds\": " + new string('9', 30_000) + "}", HttpStatusCode.UnprocessableEntity },
        { "initiate", "X-Fal-Object-Lifecycle-Preference", new string('{', 30_000), HttpStatusCode.UnprocessableEntity },
        { "initiate", "Content-Type", "application/json; p=" + new string('x', 30_000), HttpStatusCode.OK },
        { "initiate", "Content-Type", new string('x', 30_000) + "/json", HttpStatusCode.UnprocessableEntity },
        { "file", "Range", "bytes=" + string.Join(",", Enumerable.Repeat("0-0", 7_000)), HttpStatusCode.OK },
        { "file", "Range", "bytes=" + new string('9', 30_000) + "-", HttpStatusCode.OK },
        { "file", "If-None-Match", string.Join(", ", Enumerable.Repeat("\"x\"", 5_000)), HttpStatusCode.OK },
        { "file", "If-Modified-Since", new string('x', 30_000), HttpStatusCode.OK },
        { "upload", "Content-Type", new string('x', 30_000), HttpStatusCode.OK },
        { "health", "X-Junk", new string('x', 40_000), HttpStatusCode.RequestHeaderFieldsTooLarge },
    };

    [Theory]
    [MemberData(nameof(LongHeaders))]
    public async Task A_very_long_header_value_gets_its_4xx_or_is_ignored(string route, string header, string value, HttpStatusCode expected)
    {
        using var response = await SendWithHeaderAsync(route, header, value);

        Assert.Equal(expected, response.StatusCode);
        await AssertStillServingAsync(null);
    }

    [Theory]
    [InlineData("/files/{long}/a.png")]
    [InlineData("/uploads/0123456789abcdef0123456789abcdef?expires=1&signature={long}")]
    [InlineData("/storage/upload/initiate?storage_type={long}")]
    public async Task A_request_line_over_kestrels_limit_is_414(string path)
    {
        using var response = await fixture.HttpClient.PutAsync(path.Replace("{long}", new string('a', 10_000), StringComparison.Ordinal), new ByteArrayContent([1]));

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        await AssertStillServingAsync(null);
    }

    private async Task<HttpResponseMessage> SendWithHeaderAsync(string route, string header, string value)
    {
        HttpRequestMessage request;
        switch (route)
        {
            case "initiate":
                request = EmulatorHttp.InitiateRequest(header == "Authorization" ? null : fixture.Key, EmulatorHttp.InitiateBody("image/png", "a.png"));
                break;
            case "file":
                request = new HttpRequestMessage(HttpMethod.Get, await fixture.HttpClient.UploadAsync(fixture.Key, [1, 2, 3]));
                break;
            case "upload":
                request = new HttpRequestMessage(HttpMethod.Put, (await fixture.HttpClient.InitiateUploadAsync(fixture.Key)).UploadUrl) { Content = new ByteArrayContent([1]) };
                break;
            case "health":
                request = new HttpRequestMessage(HttpMethod.Get, "/health");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(route), route, null);
        }

        using (request)
        {
            var headers = header.StartsWith("Content-", StringComparison.Ordinal) ? (System.Net.Http.Headers.HttpHeaders)request.Content!.Headers : request.Headers;
            headers.Remove(header);
            Assert.True(headers.TryAddWithoutValidation(header, value));
            return await fixture.HttpClient.SendAsync(request);
        }
    }

    /// <summary>Health answers and, when given, a file is served intact; nothing is left in tmp/.</summary>
    private async Task AssertStillServingAsync(Uri? fileUrl)
    {
        using var health = await fixture.HttpClient.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        if (fileUrl is not null)
        {
            Assert.Equal([1, 2, 3], await fixture.HttpClient.GetByteArrayAsync(fileUrl));
        }

        await Eventually.TrueAsync(() => Directory.GetFiles(Path.Combine(fixture.DataDirectory, "tmp")).Length == 0, "tmp/ to be empty");
    }

    private static HttpContent Body(int length, bool chunked) => UnseekableStream.RandomBody(length, chunked);
}
