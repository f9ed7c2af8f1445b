using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace FalStorage.Benchmarks;

/// <summary>The emulator's signed-URL upload calls, made from the benchmark's own process (curl's upload URL, the
/// download rows' files, and the emulator rows, where the emulator's cost is what is measured and the client only has
/// to be cheap).</summary>
internal sealed class EmulatorApi(Uri endpoint, string key)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(5) };

    /// <summary>Initiates an upload; answers its <c>upload_url</c>.</summary>
    public async Task<Uri> InitiateAsync(string fileName, bool multipart) => (await InitiateTicketAsync(fileName, multipart)).UploadUrl;

    /// <summary>Uploads a file in one PUT, read from disk as it is sent; answers its <c>file_url</c> (public, as the
    /// emulator's default ACL), for the download rows.</summary>
    public async Task<Uri> UploadFileAsync(string path)
    {
        var (uploadUrl, fileUrl) = await InitiateTicketAsync(Path.GetFileName(path), multipart: false);
        await using var file = File.OpenRead(path);
        var content = new StreamContent(file, 1024 * 1024);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Put, uploadUrl) { Content = content });
        return fileUrl;
    }

    private async Task<(Uri UploadUrl, Uri FileUrl)> InitiateTicketAsync(string fileName, bool multipart)
    {
        var path = multipart ? "storage/upload/initiate-multipart" : "storage/upload/initiate";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, path + "?storage_type=fal-cdn-v3"))
        {
            Content = Json(new { content_type = "application/octet-stream", file_name = fileName }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Key", key);
        using var response = await SendAsync(request);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return (new Uri(document.RootElement.GetProperty("upload_url").GetString()!), new Uri(document.RootElement.GetProperty("file_url").GetString()!));
    }

    public static async Task PutAsync(Uri uploadUrl, ReadOnlyMemory<byte> body)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Put, uploadUrl) { Content = Bytes(body) });
    }

    /// <summary>Sends part <paramref name="number"/> as fal's clients do (the upload URL's path plus <c>/N</c>, its
    /// query kept); answers the part's ETag.</summary>
    public static async Task<string> PutPartAsync(Uri uploadUrl, int number, ReadOnlyMemory<byte> body)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Put, Beside(uploadUrl, number.ToString(CultureInfo.InvariantCulture))) { Content = Bytes(body) });
        return response.Headers.ETag!.Tag;
    }

    public static async Task CompleteAsync(Uri uploadUrl, IEnumerable<(int PartNumber, string ETag)> parts)
    {
        var body = new { parts = parts.Select(part => new { partNumber = part.PartNumber, etag = part.ETag }) };
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, Beside(uploadUrl, "complete")) { Content = Json(body) });
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            var response = await Http.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                var detail = await response.Content.ReadAsStringAsync();
                response.Dispose();
                throw new InvalidOperationException($"{request.Method} {request.RequestUri!.AbsolutePath}: {(int)response.StatusCode} {detail}");
            }

            return response;
        }
    }

    private static Uri Beside(Uri uploadUrl, string segment) => new UriBuilder(uploadUrl) { Path = uploadUrl.AbsolutePath + "/" + segment }.Uri;

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static ReadOnlyMemoryContent Bytes(ReadOnlyMemory<byte> body)
    {
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }
}
