using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FalStorage.Emulator;
using FalStorage.Emulator.Accounts;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

/// <summary>The emulator's users and fal's Platform API (<c>/v1/storage/...</c>) over real HTTP, for the tests of
/// private files: an emulator with users alice and bob (and the fixture's plain test key), and the calls of the API.</summary>
public static class PlatformApi
{
    public const string AliceKey = "alice-id:alice-secret";
    public const string BobKey = "bob-id:bob-secret";

    public static Task<EmulatorFixture> StartWithUsersAsync(Action<EmulatorOptions>? configure = null) =>
        EmulatorFixture.StartAsync(options =>
        {
            options.Users.Add(new EmulatorUser("alice", AliceKey));
            options.Users.Add(new EmulatorUser("bob", BobKey));
            configure?.Invoke(options);
        });

    public static HttpRequestMessage Request(HttpMethod method, string path, string? key, string? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"Key {key}");
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    public static string AclPath(Uri fileUrl) => "/v1/storage/files/acl?url=" + Uri.EscapeDataString(fileUrl.AbsoluteUri);

    public static string SignPath(Uri fileUrl) => "/v1/storage/files/sign?url=" + Uri.EscapeDataString(fileUrl.AbsoluteUri);

    public const string SettingsPath = "/v1/storage/settings";

    /// <summary>Sends and returns the status and the JSON body (parsed; the caller disposes it).</summary>
    public static async Task<(HttpStatusCode Status, JsonDocument Body)> CallAsync(this HttpClient client, HttpMethod method, string path, string? key, string? body = null)
    {
        using var response = await client.SendAsync(Request(method, path, key, body));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Calls and asserts 200; returns the body as compact JSON, to compare with the expected text.</summary>
    public static async Task<string> OkAsync(this HttpClient client, HttpMethod method, string path, string? key, string? body = null)
    {
        var (status, json) = await client.CallAsync(method, path, key, body);
        using (json)
        {
            Assert.True(status == HttpStatusCode.OK, $"{method} {path} answered {(int)status}: {json.RootElement}");
            return JsonSerializer.Serialize(json.RootElement);
        }
    }

    /// <summary>Calls, asserts <paramref name="expected"/> and the Platform API's error shape; returns type and message.</summary>
    public static async Task<(string Type, string Message)> ErrorAsync(this HttpClient client, HttpStatusCode expected, HttpMethod method, string path, string? key, string? body = null)
    {
        var (status, json) = await client.CallAsync(method, path, key, body);
        using (json)
        {
            Assert.True(status == expected, $"{method} {path} answered {(int)status}, not {(int)expected}: {json.RootElement}");
            var error = json.RootElement.GetProperty("error");
            Assert.StartsWith("req_", error.GetProperty("request_id").GetString());
            Assert.Single(json.RootElement.EnumerateObject());
            return (error.GetProperty("type").GetString()!, error.GetProperty("message").GetString()!);
        }
    }

    /// <summary>A single upload through initiate, with <c>X-Fal-Object-Lifecycle</c> when given; returns the file URL.</summary>
    public static async Task<Uri> UploadWithLifecycleAsync(this HttpClient client, string key, string? lifecycle, byte[]? bytes = null, string header = "X-Fal-Object-Lifecycle")
    {
        using var request = EmulatorHttp.InitiateRequest(key, EmulatorHttp.InitiateBody("image/png", "private.png"));
        if (lifecycle is not null)
        {
            request.Headers.TryAddWithoutValidation(header, lifecycle);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"initiate answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        using var put = await client.PutAsync(json.RootElement.GetProperty("upload_url").GetString(), new ByteArrayContent(bytes ?? [1, 2, 3, 4, 5, 6, 7, 8]));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        return new Uri(json.RootElement.GetProperty("file_url").GetString()!);
    }

    /// <summary>A GET or HEAD of the file, with a CDN token when given (the caller disposes the answer).</summary>
    public static Task<HttpResponseMessage> ReadAsync(this HttpClient client, Uri url, string? token = null, HttpMethod? method = null, string? range = null)
    {
        var request = TokenHttp.Authorized(method ?? HttpMethod.Get, url.AbsoluteUri, token);
        if (range is not null)
        {
            request.Headers.TryAddWithoutValidation("Range", range);
        }

        return client.SendAsync(request);
    }
}
