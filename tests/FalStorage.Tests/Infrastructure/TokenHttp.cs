using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace FalStorage.Tests.Infrastructure;

/// <summary>A CDN token as <c>POST /storage/auth/token</c> answered it.</summary>
public sealed record TokenGrant(string Token, string TokenType, string BaseUrl, string ExpiresAt);

/// <summary>The calls of fal's CDN token flow, made over real HTTP as fal's Python client makes them
/// (<c>fal_client/client.py</c>: <c>CDNTokenManager</c>, <c>_upload_v3</c>, <c>MultipartUpload</c>).</summary>
public static class TokenHttp
{
    public const string TokenPath = "/storage/auth/token?storage_type=fal-cdn-v3";

    public const string FileNameHeader = "X-Fal-File-Name";

    /// <summary>The token request: <c>Authorization: Key</c>, JSON accepted and sent, body <c>{}</c>.</summary>
    public static HttpRequestMessage TokenRequest(string? key, string body = "{}")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, TokenPath) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"Key {key}");
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    /// <summary>Gets a token, failing the test on anything but 200.</summary>
    public static async Task<TokenGrant> GetTokenAsync(this HttpClient client, string key)
    {
        using var response = await client.SendAsync(TokenRequest(key));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"the token request answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        return new TokenGrant(
            root.GetProperty("token").GetString()!,
            root.GetProperty("token_type").GetString()!,
            root.GetProperty("base_url").GetString()!,
            root.GetProperty("expires_at").GetString()!);
    }

    /// <summary>A request of the token flow with <c>Authorization: {token_type} {token}</c> (no header when null).</summary>
    public static HttpRequestMessage Authorized(HttpMethod method, string url, string? token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        }

        return request;
    }

    /// <summary><c>POST {base_url}/files/upload</c>, or the multipart start: the object's type and name in headers.</summary>
    public static HttpRequestMessage UploadRequest(string baseUrl, string? token, byte[]? body, string? contentType = "image/png", string? fileName = "reference.png", bool multipart = false)
    {
        var content = new ByteArrayContent(body ?? []);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        var request = Authorized(HttpMethod.Post, baseUrl + (multipart ? "/files/upload/multipart" : "/files/upload"), token, content);
        if (fileName is not null)
        {
            request.Headers.TryAddWithoutValidation(FileNameHeader, fileName);
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    /// <summary>Uploads in one request; returns the <c>access_url</c>, failing the test on anything but 200.</summary>
    public static async Task<Uri> TokenUploadAsync(this HttpClient client, TokenGrant grant, byte[] bytes, string contentType = "image/png", string fileName = "reference.png")
    {
        using var response = await client.SendAsync(UploadRequest(grant.BaseUrl, grant.Token, bytes, contentType, fileName));
        return new Uri(await ReadOkAsync(response, "access_url"));
    }

    /// <summary>Starts a multipart upload; returns its <c>access_url</c> and <c>uploadId</c>.</summary>
    public static async Task<(Uri AccessUrl, string UploadId)> StartTokenMultipartAsync(
        this HttpClient client, TokenGrant grant, string contentType = "video/mp4", string fileName = "large.mp4")
    {
        using var response = await client.SendAsync(UploadRequest(grant.BaseUrl, grant.Token, body: null, contentType, fileName, multipart: true));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"the multipart start answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return (new Uri(json.RootElement.GetProperty("access_url").GetString()!), json.RootElement.GetProperty("uploadId").GetString()!);
    }

    /// <summary><c>{access_url}/multipart/{uploadId}/{N}</c>, built by string concatenation as fal's Python client does.</summary>
    public static string TokenPartUrl(Uri accessUrl, string uploadId, int partNumber) => $"{accessUrl.AbsoluteUri}/multipart/{uploadId}/{partNumber}";

    public static string TokenCompleteUrl(Uri accessUrl, string uploadId) => $"{accessUrl.AbsoluteUri}/multipart/{uploadId}/complete";

    /// <summary>PUTs one part with the token (the caller disposes the answer).</summary>
    public static Task<HttpResponseMessage> PutTokenPartAsync(this HttpClient client, string? token, Uri accessUrl, string uploadId, int partNumber, byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        var request = Authorized(HttpMethod.Put, TokenPartUrl(accessUrl, uploadId, partNumber), token, content);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
        return client.SendAsync(request);
    }

    /// <summary>POSTs the completion with the token (the caller disposes the answer).</summary>
    public static Task<HttpResponseMessage> CompleteTokenMultipartAsync(this HttpClient client, string? token, Uri accessUrl, string uploadId, IEnumerable<(int PartNumber, string ETag)> parts) =>
        client.SendAsync(Authorized(
            HttpMethod.Post,
            TokenCompleteUrl(accessUrl, uploadId),
            token,
            new StringContent(EmulatorHttp.CompleteBody(parts), Encoding.UTF8, "application/json")));

    /// <summary>Uploads in parts of <paramref name="partSize"/>, one after the other, reading each ETag from the header
    /// (as the Python client does), and completes; returns the <c>access_url</c>, failing the test on any error.</summary>
    public static async Task<Uri> TokenMultipartUploadAsync(
        this HttpClient client, TokenGrant grant, byte[] bytes, int partSize, string contentType = "video/mp4", string fileName = "large.mp4")
    {
        var (accessUrl, uploadId) = await client.StartTokenMultipartAsync(grant, contentType, fileName);
        var parts = new List<(int, string)>();
        for (int offset = 0, number = 1; offset < bytes.Length || number == 1; offset += partSize, number++)
        {
            using var put = await client.PutTokenPartAsync(grant.Token, accessUrl, uploadId, number, bytes[offset..Math.Min(bytes.Length, offset + partSize)]);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            parts.Add((number, put.Headers.ETag!.ToString()));
        }

        using var complete = await client.CompleteTokenMultipartAsync(grant.Token, accessUrl, uploadId, parts);
        Assert.Equal(accessUrl.AbsoluteUri, await ReadOkAsync(complete, "access_url"));
        return accessUrl;
    }

    private static async Task<string> ReadOkAsync(HttpResponseMessage response, string property)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty(property).GetString()!;
    }
}
