using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace FalStorage.Tests.Infrastructure;

/// <summary>The fal Storage calls, made over real HTTP the way fal's clients make them.</summary>
public static class EmulatorHttp
{
    public const string InitiatePath = "/storage/upload/initiate?storage_type=fal-cdn-v3";

    public static HttpRequestMessage InitiateRequest(string? key, string body, string path = InitiatePath)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"Key {key}");
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    public static string InitiateBody(string contentType, string fileName) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["content_type"] = contentType, ["file_name"] = fileName });

    /// <summary>Initiates an upload and returns its URLs, failing the test on anything but 200.</summary>
    public static async Task<(Uri UploadUrl, Uri FileUrl)> InitiateUploadAsync(
        this HttpClient client, string key, string contentType = "image/png", string fileName = "reference.png")
    {
        using var response = await client.SendAsync(InitiateRequest(key, InitiateBody(contentType, fileName)));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"initiate answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return (new Uri(json.RootElement.GetProperty("upload_url").GetString()!), new Uri(json.RootElement.GetProperty("file_url").GetString()!));
    }

    /// <summary>Initiates an upload and PUTs the bytes (without credentials, as fal's clients do); returns the file URL.</summary>
    public static async Task<Uri> UploadAsync(this HttpClient client, string key, byte[] bytes, string contentType = "image/png", string fileName = "reference.png")
    {
        var (uploadUrl, fileUrl) = await client.InitiateUploadAsync(key, contentType, fileName);
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await client.PutAsync(uploadUrl, content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return fileUrl;
    }

    /// <summary>Asserts the fal error shape, <c>{"detail": ...}</c> as JSON, and returns the detail.</summary>
    public static async Task<JsonElement> ReadDetailAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
        return json.RootElement.GetProperty("detail").Clone();
    }
}
