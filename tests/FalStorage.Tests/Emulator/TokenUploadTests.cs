using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FalStorage.Emulator;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

/// <summary>The CDN token flow of fal's Python client: one token, then each file in one request (or in parts), with the
/// requests shaped as <c>fal_client</c> sends them. The clock is the test's.</summary>
public sealed partial class TokenUploadTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 8, 30, 15, TimeSpan.Zero);

    private readonly ManualTimeProvider clock = new(Start);
    private EmulatorFixture emulator = null!;

    private HttpClient Client => emulator.HttpClient;

    public async Task InitializeAsync() => emulator = await EmulatorFixture.StartAsync(options => options.TimeProvider = clock);

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    [Fact]
    public async Task The_token_answers_what_fals_python_client_reads()
    {
        using var response = await Client.SendAsync(TokenHttp.TokenRequest(EmulatorFixture.TestKey));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        using var json = JsonDocument.Parse(body);
        Assert.Equal(["token", "token_type", "base_url", "expires_at"], json.RootElement.EnumerateObject().Select(property => property.Name));
        Assert.Equal("Bearer", json.RootElement.GetProperty("token_type").GetString());

        // fal's client posts to f"{base_url}/files/upload/multipart": the emulator's own address, without a trailing slash.
        Assert.Equal(emulator.BaseAddress.AbsoluteUri.TrimEnd('/'), json.RootElement.GetProperty("base_url").GetString());

        // datetime.fromisoformat in every Python 3 the client supports: seconds and a numeric offset, no "Z".
        var expiresAt = json.RootElement.GetProperty("expires_at").GetString()!;
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", expiresAt);
        Assert.Equal(Start + EmulatorOptions.DefaultTokenLifetime, DateTimeOffset.Parse(expiresAt, CultureInfo.InvariantCulture));

        var token = json.RootElement.GetProperty("token").GetString()!;
        Assert.True(token.Length >= 64, token);
        Assert.DoesNotContain("test-key", token, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(FalStorageEmulator.FingerprintKey(EmulatorFixture.TestKey), token, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(token, (await Client.GetTokenAsync(EmulatorFixture.TestKey)).Token);
    }

    [Fact]
    public async Task The_token_lifetime_is_configurable()
    {
        await using var other = await EmulatorFixture.StartAsync(options =>
        {
            options.TimeProvider = clock;
            options.TokenLifetime = TimeSpan.FromSeconds(90);
        });

        var grant = await other.HttpClient.GetTokenAsync(EmulatorFixture.TestKey);

        Assert.Equal("2026-06-01T08:31:45+00:00", grant.ExpiresAt);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("wrong-id:wrong-secret", HttpStatusCode.Unauthorized)]
    public async Task The_token_needs_an_accepted_key(string? key, HttpStatusCode expected)
    {
        using var response = await Client.SendAsync(TokenHttp.TokenRequest(key));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("Key", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains("key", (await response.ReadDetailAsync()).GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("", "missing")]
    [InlineData("[]", "model_attributes_type")]
    [InlineData("{", "json_invalid")]
    public async Task The_token_body_must_be_a_json_object(string body, string type)
    {
        using var response = await Client.SendAsync(TokenHttp.TokenRequest(EmulatorFixture.TestKey, body));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(type, (await response.ReadDetailAsync())[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_file_goes_up_in_one_request_and_is_served_at_its_access_url()
    {
        var grant = await Client.GetTokenAsync(EmulatorFixture.TestKey);
        var bytes = RandomNumberGenerator.GetBytes(100_000);

        using var request = TokenHttp.UploadRequest(grant.BaseUrl, grant.Token, bytes, "image/webp", "photo one.webp");
        request.Headers.TryAddWithoutValidation("X-Fal-Object-Lifecycle", """{"expiration_duration_seconds": 3600}""");
        request.Headers.TryAddWithoutValidation("X-Fal-Object-Lifecycle-Preference", """{"expiration_duration_seconds": 3600}""");
        using var response = await Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        var accessUrl = json.RootElement.GetProperty("access_url").GetString()!;
        var stored = Assert.Single(emulator.Emulator.ListObjects());
        Assert.Equal($"{grant.BaseUrl}/files/{stored.Id}/photo%20one.webp", accessUrl);
        Assert.Equal(stored.ETag, response.Headers.ETag?.ToString());
        Assert.Equal(("photo one.webp", "image/webp", 100_000L, 0), (stored.FileName, stored.ContentType, stored.Length, stored.PartCount));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Sha256);
        Assert.Equal(FalStorageEmulator.FingerprintKey(EmulatorFixture.TestKey), stored.KeyFingerprint);
        Assert.Equal(Start.AddHours(1), stored.ExpiresAt);

        using var get = await Client.GetAsync(accessUrl);
        Assert.Equal("image/webp", get.Content.Headers.ContentType?.ToString());
        Assert.Equal(bytes, await get.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_utf8_file_name_is_taken_as_is()
    {
        var grant = await Client.GetTokenAsync(EmulatorFixture.TestKey);
        using var client = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 }) { BaseAddress = emulator.BaseAddress };

        var accessUrl = await client.TokenUploadAsync(grant, [7, 7], fileName: "café 日本.png");

        Assert.Equal("café 日本.png", Assert.Single(emulator.Emulator.ListObjects()).FileName);
        Assert.EndsWith("/caf%C3%A9%20%E6%97%A5%E6%9C%AC.png", accessUrl.AbsoluteUri);
        Assert.Equal([7, 7], await client.GetByteArrayAsync(accessUrl));
    }

    public static TheoryData<string?, string?, string> BadHeaders => new()
    {
        { null, "a.png", "content-type" },
        { "", "a.png", "content-type" },
        { "png", "a.png", "content-type" },
        { "image/png", "", "x-fal-file-name" },
        { "image/png", "../a.png", "x-fal-file-name" },
        { "image/png", "a\\b.png", "x-fal-file-name" },
        { "image/png", "..", "x-fal-file-name" },
        { "image/png", new string('n', 256), "x-fal-file-name" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public async Task A_missing_or_bad_type_or_a_bad_name_is_422_naming_the_header_and_nothing_is_stored(string? contentType, string? fileName, string header)
    {
        var grant = await Client.GetTokenAsync(EmulatorFixture.TestKey);

        foreach (var multipart in new[] { false, true })
        {
            using var response = await Client.SendAsync(TokenHttp.UploadRequest(grant.BaseUrl, grant.Token, multipart ? null : [1, 2, 3], contentType, fileName, multipart));

            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var issue = Assert.Single((await response.ReadDetailAsync()).EnumerateArray());
            Assert.Equal(["header", header], issue.GetProperty("loc").EnumerateArray().Select(part => part.GetString()));
        }

        Assert.Empty(emulator.Emulator.ListObjects());
        Assert.Empty(Directory.GetFiles(Path.Combine(emulator.DataDirectory, "uploads")));
    }

    [Theory]
    [InlineData("X-Fal-Object-Lifecycle", "{\"expiration_duration_seconds\": 0}", "value_error")]
    [InlineData("X-Fal-Object-Lifecycle-Preference", "soon", "json_invalid")]
    [InlineData("X-Fal-Object-Lifecycle-Preference", "{\"expiration_duration_seconds\": 61}", "value_error")]
    public async Task A_bad_lifecycle_is_422_as_on_initiate(string header, string value, string type)
    {
        var grant = await Client.GetTokenAsync(EmulatorFixture.TestKey);
        using var request = TokenHttp.UploadRequest(grant.BaseUrl, grant.Token, [1]);
        request.Headers.TryAddWithoutValidation("X-Fal-Object-Lifecycle", """{"expiration_duration_seconds": 60}""");
        request.Headers.Remove(header);
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(type, (await response.ReadDetailAsync())[0].GetProperty("type").GetString());
        Assert.Empty(emulator.Emulator.ListObjects());
    }

    public static TheoryData<string, string?> BadAuthorizations => new()
    {
        { "none", null },
        { "the key instead", $"Key {EmulatorFixture.TestKey}" },
        { "empty bearer", "Bearer " },
        { "garbage", "Bearer not-a-token" },
        { "another scheme", "Basic {token}" },
        { "a character changed", "Bearer {changed}" },
        { "a character added", "Bearer {token}x" },
        { "cut short", "Bearer {short}" },
        { "two tokens", "Bearer {token} {token}" },
    };

    [Theory]
    [MemberData(nameof(BadAuthorizations))]
    public async Task Every_token_route_is_401_with_a_detail_without_a_valid_token(string what, string? authorization)
    {
        var grant = await Client.GetTokenAsync(EmulatorFixture.TestKey);
        var (accessUrl, uploadId) = await Client.StartTokenMultipartAsync(grant);
        var token = grant.Token;
        var changed = token[..^5] + (token[^5] == 'A' ? 'B' : 'A') + token[^4..];
        var value = authorization?.Replace("{token}", token).Replace("{changed}", changed).Replace("{short}", token[..^1]);

        foreach (var (method, url) in TokenRoutes(grant, accessUrl, uploadId))
        {
            using var request = new HttpRequestMessage(method, url) { Content = new ByteArrayContent([1, 2, 3]) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            request.Headers.TryAddWithoutValidation(TokenHttp.FileNameHeader, "a.png");
            if (value is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", value);
            }

            using var response = await Client.SendAsync(request);

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{what}: {method} {url} answered {(int)response.StatusCode}");
            Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
            var detail = (await response.ReadDetailAsync()).GetString()!;
            Assert.Contains("/storage/auth/token", detail);
            Assert.DoesNotContain(token[..20], detail);
        }

        Assert.Empty(emulator.Emulator.ListObjects());
    }

    [Fact]
    public async Task An_expired_token_is_401_saying_so_and_a_new_one_works()
    {
        var grant = await Client.GetTokenAsync(EmulatorFixture.TestKey);
        clock.Now = Start + EmulatorOptions.DefaultTokenLifetime - TimeSpan.FromSeconds(1);
        await Client.TokenUploadAsync(grant, [1]);

        clock.Now = Start + EmulatorOptions.DefaultTokenLifetime;
        using var expired = await Client.SendAsync(TokenHttp.UploadRequest(grant.BaseUrl, grant.Token, [2]));

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("expired", (await expired.ReadDetailAsync()).GetString());
        var renewed = await Client.GetTokenAsync(EmulatorFixture.TestKey);
        await Client.TokenUploadAsync(renewed, [3]);
        Assert.Equal(2, emulator.Emulator.ListObjects().Count);
    }

    [Fact]
    public async Task Tokens_and_unfinished_multipart_uploads_survive_a_restart()
    {
        var grant = await Client.GetTokenAsync(EmulatorFixture.TestKey);
        var (accessUrl, uploadId) = await Client.StartTokenMultipartAsync(grant, fileName: "across.mp4");
        string first;
        using (var part = await Client.PutTokenPartAsync(grant.Token, accessUrl, uploadId, 1, [1, 2]))
        {
            first = part.Headers.ETag!.ToString();
        }

        await emulator.RestartAsync();
        var port = new Uri(accessUrl.AbsoluteUri).Port;
        var moved = new Uri(accessUrl.AbsoluteUri.Replace($":{port}/", $":{emulator.BaseAddress.Port}/", StringComparison.Ordinal));
        using var second = await Client.PutTokenPartAsync(grant.Token, moved, uploadId, 2, [3]);
        using var complete = await Client.CompleteTokenMultipartAsync(grant.Token, moved, uploadId, [(1, first), (2, second.Headers.ETag!.ToString())]);
        var single = await Client.TokenUploadAsync(grant with { BaseUrl = emulator.BaseAddress.AbsoluteUri.TrimEnd('/') }, [9]);

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal([1, 2, 3], await Client.GetByteArrayAsync(moved));
        Assert.Equal([9], await Client.GetByteArrayAsync(single));
    }

    [Fact]
    public async Task The_token_is_stored_nowhere_in_the_data_folder()
    {
        var grant = await Client.GetTokenAsync(EmulatorFixture.TestKey);
        await Client.TokenUploadAsync(grant, [1, 2]);
        var (accessUrl, uploadId) = await Client.StartTokenMultipartAsync(grant);
        using var part = await Client.PutTokenPartAsync(grant.Token, accessUrl, uploadId, 1, [3]);

        var fields = grant.Token.Split('.').Where(field => field.Length > 10).Select(Encoding.UTF8.GetBytes).ToList();
        Assert.Equal(3, fields.Count);
        foreach (var path in Directory.EnumerateFiles(emulator.DataDirectory, "*", SearchOption.AllDirectories).Where(path => Path.GetFileName(path) != ".lock"))
        {
            var bytes = await File.ReadAllBytesAsync(path);
            Assert.All(fields, field => Assert.True(bytes.AsSpan().IndexOf(field) < 0, $"{path} holds part of the token"));
        }
    }

    [Fact]
    public async Task A_token_of_a_key_no_longer_accepted_is_401_after_a_restart()
    {
        var grant = await Client.GetTokenAsync(EmulatorFixture.TestKey);
        await emulator.Emulator.StopAsync();
        var options = new EmulatorOptions { Urls = "http://127.0.0.1:0", DataDirectory = emulator.DataDirectory, TimeProvider = clock };
        options.Keys.Add("new-id:new-secret");
        await using var restarted = await FalStorageEmulator.StartAsync(options);
        using var client = new HttpClient { BaseAddress = restarted.BaseAddress };

        using var response = await client.SendAsync(TokenHttp.UploadRequest(restarted.BaseAddress.AbsoluteUri.TrimEnd('/'), grant.Token, [1]));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("no longer accepts", (await response.ReadDetailAsync()).GetString());
        Assert.Empty(restarted.ListObjects());
    }

    [Fact]
    public async Task With_the_token_flow_off_its_routes_are_404_as_at_a_service_without_them_and_signed_urls_still_work()
    {
        await using var off = await EmulatorFixture.StartAsync(options => options.TokenUpload = false);
        var baseUrl = off.BaseAddress.AbsoluteUri.TrimEnd('/');
        var id = new string('a', 32);

        using var token = await off.HttpClient.SendAsync(TokenHttp.TokenRequest(EmulatorFixture.TestKey));
        using var upload = await off.HttpClient.SendAsync(TokenHttp.UploadRequest(baseUrl, "x", [1]));
        using var part = await off.HttpClient.PutTokenPartAsync("x", new Uri($"{baseUrl}/files/{id}/a.mp4"), id, 1, [1]);
        using var complete = await off.HttpClient.CompleteTokenMultipartAsync("x", new Uri($"{baseUrl}/files/{id}/a.mp4"), id, [(1, "x")]);

        foreach (var response in new[] { token, upload, part, complete })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("Not Found", (await response.ReadDetailAsync()).GetString());
        }

        var fileUrl = await off.HttpClient.UploadAsync(EmulatorFixture.TestKey, [4, 2]);
        Assert.Equal([4, 2], await off.HttpClient.GetByteArrayAsync(fileUrl));
    }

    /// <summary>Every route of the token flow but the token itself, with a body where it takes one.</summary>
    private static (HttpMethod Method, string Url)[] TokenRoutes(TokenGrant grant, Uri accessUrl, string uploadId) =>
    [
        (HttpMethod.Post, grant.BaseUrl + "/files/upload"),
        (HttpMethod.Post, grant.BaseUrl + "/files/upload/multipart"),
        (HttpMethod.Put, TokenHttp.TokenPartUrl(accessUrl, uploadId, 1)),
        (HttpMethod.Post, TokenHttp.TokenCompleteUrl(accessUrl, uploadId)),
    ];
}
