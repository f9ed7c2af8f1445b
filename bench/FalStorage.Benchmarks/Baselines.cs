using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace FalStorage.Benchmarks;

/// <summary>What a script does without the module: initiate, then PUT, one file after another.</summary>
internal sealed class Baselines(Uri endpoint, string key) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>Each file in turn: POST initiate, then PUT its bytes (as a loop over Invoke-RestMethod does).</summary>
    public async Task UploadOneByOneAsync(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            var uploadUrl = await InitiateAsync(Path.GetFileName(path));
            await PutAsync(uploadUrl, path);
        }
    }

    /// <summary>A fresh upload URL, for timing the PUT alone.</summary>
    public Task<Uri> InitiateAsync(string fileName) => InitiateCoreAsync(fileName);

    /// <summary>One PUT of the whole file: the most the server and loopback can take in one stream.</summary>
    public async Task PutAsync(Uri uploadUrl, string path)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        using var content = new StreamContent(file, 128 * 1024);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLength = file.Length;
        using var response = await _http.PutAsync(uploadUrl, content);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();

    private async Task<Uri> InitiateCoreAsync(string fileName)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, "storage/upload/initiate?storage_type=fal-cdn-v3"))
        {
            Content = new StringContent(JsonSerializer.Serialize(new { content_type = "application/octet-stream", file_name = fileName }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Key", key);
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return new Uri(document.RootElement.GetProperty("upload_url").GetString()!);
    }
}
