using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace FalStorage.Tests.Infrastructure;

/// <summary>The fal Storage calls, made over real HTTP the way fal's clients make them.</summary>
public static class EmulatorHttp
{
    public const string InitiatePath = "/storage/upload/initiate?storage_type=fal-cdn-v3";

    public const string InitiateMultipartPath = "/storage/upload/initiate-multipart?storage_type=fal-cdn-v3";

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

    /// <summary>Initiates a multipart upload and returns its URLs, failing the test on anything but 200.</summary>
    public static async Task<(Uri UploadUrl, Uri FileUrl)> InitiateMultipartAsync(
        this HttpClient client, string key, string contentType = "video/mp4", string fileName = "large.mp4", string? lifecycle = null)
    {
        using var request = InitiateRequest(key, InitiateBody(contentType, fileName), InitiateMultipartPath);
        if (lifecycle is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Fal-Object-Lifecycle", lifecycle);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"initiate-multipart answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return (new Uri(json.RootElement.GetProperty("upload_url").GetString()!), new Uri(json.RootElement.GetProperty("file_url").GetString()!));
    }

    /// <summary>Part N's URL as fal's clients build it: the upload URL's path, then /N, then its query unchanged.</summary>
    public static Uri PartUrl(Uri uploadUrl, int partNumber) => new(uploadUrl.GetLeftPart(UriPartial.Path) + "/" + partNumber + uploadUrl.Query);

    /// <summary>The completion URL as fal's clients build it: the upload URL's path, then /complete, then its query.</summary>
    public static Uri CompleteUrl(Uri uploadUrl) => new(uploadUrl.GetLeftPart(UriPartial.Path) + "/complete" + uploadUrl.Query);

    /// <summary>The body of a completion: <c>{"parts": [{"partNumber", "etag"}]}</c>.</summary>
    public static string CompleteBody(IEnumerable<(int PartNumber, string ETag)> parts) =>
        JsonSerializer.Serialize(new { parts = parts.Select(part => new { partNumber = part.PartNumber, etag = part.ETag }) });

    /// <summary>PUTs one part and returns the answer (the caller disposes it).</summary>
    public static Task<HttpResponseMessage> PutPartAsync(this HttpClient client, Uri uploadUrl, int partNumber, byte[] bytes, CancellationToken cancellationToken = default)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return client.PutAsync(PartUrl(uploadUrl, partNumber), content, cancellationToken);
    }

    /// <summary>POSTs the completion (the caller disposes the answer).</summary>
    public static Task<HttpResponseMessage> CompleteAsync(this HttpClient client, Uri uploadUrl, IEnumerable<(int PartNumber, string ETag)> parts) =>
        client.PostAsync(CompleteUrl(uploadUrl), new StringContent(CompleteBody(parts), Encoding.UTF8, "application/json"));

    /// <summary>Uploads <paramref name="bytes"/> in parts of <paramref name="partSize"/>, one after the other, and
    /// completes; returns the file URL, failing the test on any error.</summary>
    public static async Task<Uri> UploadMultipartAsync(
        this HttpClient client, string key, byte[] bytes, int partSize, string contentType = "video/mp4", string fileName = "large.mp4")
    {
        var (uploadUrl, fileUrl) = await client.InitiateMultipartAsync(key, contentType, fileName);
        var parts = new List<(int, string)>();
        for (int offset = 0, number = 1; offset < bytes.Length || number == 1; offset += partSize, number++)
        {
            using var put = await client.PutPartAsync(uploadUrl, number, bytes[offset..Math.Min(bytes.Length, offset + partSize)]);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            parts.Add((number, put.Headers.ETag!.ToString()));
        }

        using var complete = await client.CompleteAsync(uploadUrl, parts);
        Assert.True(complete.StatusCode == HttpStatusCode.OK, $"complete answered {(int)complete.StatusCode}: {await complete.Content.ReadAsStringAsync()}");
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
