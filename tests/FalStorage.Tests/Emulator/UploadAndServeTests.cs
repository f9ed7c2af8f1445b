using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FalStorage.Emulator;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

public sealed class UploadAndServeTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Uploaded_bytes_are_served_identically_with_the_initiated_content_type()
    {
        var bytes = RandomNumberGenerator.GetBytes(100_000);

        var fileUrl = await fixture.HttpClient.UploadAsync(fixture.Key, bytes, "image/webp", "photo.webp");
        using var response = await fixture.HttpClient.GetAsync(fileUrl);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/webp", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_content_type_comes_from_initiate_not_from_the_put()
    {
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateUploadAsync(fixture.Key, "text/plain; charset=utf-8", "notes.txt");
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("hello"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await fixture.HttpClient.PutAsync(uploadUrl, content);

        using var response = await fixture.HttpClient.GetAsync(fileUrl);

        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("hello", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Head_gives_the_headers_without_the_bytes()
    {
        var fileUrl = await fixture.HttpClient.UploadAsync(fixture.Key, new byte[12345], "audio/wav", "voice.wav");

        using var response = await fixture.HttpClient.SendAsync(new HttpRequestMessage(HttpMethod.Head, fileUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("audio/wav", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(12345, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_file_url_is_404_until_the_upload_completes()
    {
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateUploadAsync(fixture.Key);

        using var get = await fixture.HttpClient.GetAsync(fileUrl);
        using var head = await fixture.HttpClient.SendAsync(new HttpRequestMessage(HttpMethod.Head, fileUrl));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(JsonValueKind.String, (await get.ReadDetailAsync()).ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);

        using var put = await fixture.HttpClient.PutAsync(uploadUrl, new ByteArrayContent([1]));
        using var after = await fixture.HttpClient.GetAsync(fileUrl);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Theory]
    [InlineData("/files/0123456789abcdef0123456789abcdef/reference.png")]
    [InlineData("/files/not-an-id/reference.png")]
    [InlineData("/files/..%2F..%2Fsigning.key/x")]
    [InlineData("/files/0123456789ABCDEF0123456789ABCDEF/reference.png")]
    public async Task Unknown_ids_are_404_with_detail(string path)
    {
        using var response = await fixture.HttpClient.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await response.ReadDetailAsync();
    }

    [Fact]
    public async Task Another_file_name_under_the_same_id_is_404()
    {
        var fileUrl = await fixture.HttpClient.UploadAsync(fixture.Key, [1, 2], fileName: "right.png");

        using var response = await fixture.HttpClient.GetAsync(new Uri(fileUrl, "wrong.png"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("café – ☕ 日本.png")]
    [InlineData("100% #1 & ?query=x.png")]
    [InlineData("a+b=c;d,e.png")]
    public async Task Any_valid_file_name_is_url_encoded_and_served(string fileName)
    {
        var fileUrl = await fixture.HttpClient.UploadAsync(fixture.Key, [42], fileName: fileName);

        Assert.Equal(fileName, Uri.UnescapeDataString(fileUrl.AbsolutePath.Split('/')[^1]));
        Assert.Empty(fileUrl.Query);
        Assert.Empty(fileUrl.Fragment);
        Assert.Equal([42], await fixture.HttpClient.GetByteArrayAsync(fileUrl));
    }

    [Fact]
    public async Task An_empty_upload_is_an_empty_object()
    {
        var fileUrl = await fixture.HttpClient.UploadAsync(fixture.Key, [], "application/octet-stream", "empty.bin");

        using var response = await fixture.HttpClient.GetAsync(fileUrl);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task The_metadata_is_recorded_with_a_key_fingerprint_never_the_key()
    {
        var bytes = RandomNumberGenerator.GetBytes(4096);
        var before = DateTimeOffset.UtcNow;

        var fileUrl = await fixture.HttpClient.UploadAsync(fixture.Key, bytes, "image/jpeg", "metadata-check.jpg");

        var stored = Assert.Single(fixture.Emulator.ListObjects(), candidate => candidate.FileName == "metadata-check.jpg");
        Assert.Equal(fileUrl.Segments[2].TrimEnd('/'), stored.Id);
        Assert.Equal("image/jpeg", stored.ContentType);
        Assert.Equal(bytes.Length, stored.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Sha256);
        Assert.Equal(FalStorageEmulator.FingerprintKey(fixture.Key), stored.KeyFingerprint);
        Assert.InRange(stored.CreatedAt, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.DoesNotContain(fixture.Key, stored.KeyFingerprint);
        AssertNoFileContains(fixture.DataDirectory, fixture.Key);
        AssertNoFileContains(fixture.DataDirectory, "test-key-secret");
    }

    [Fact]
    public async Task Storage_uses_generated_ids_never_the_file_name()
    {
        await fixture.HttpClient.UploadAsync(fixture.Key, [1], fileName: "distinctive-name.png");

        var paths = Directory.EnumerateFileSystemEntries(fixture.DataDirectory, "*", SearchOption.AllDirectories);
        Assert.DoesNotContain(paths, path => path.Contains("distinctive", StringComparison.Ordinal));
    }

    /// <summary>As with an object store's signed URL: a client whose first PUT's answer was lost retries it, and the
    /// retry must not fail. The last complete PUT is what the file URL serves.</summary>
    [Fact]
    public async Task A_second_put_to_the_same_url_replaces_the_object()
    {
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateUploadAsync(fixture.Key, fileName: "replaced.png");

        using var first = await fixture.HttpClient.PutAsync(uploadUrl, new ByteArrayContent([1, 1, 1]));
        using var second = await fixture.HttpClient.PutAsync(uploadUrl, new ByteArrayContent([2, 2]));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal([2, 2], await fixture.HttpClient.GetByteArrayAsync(fileUrl));
        var stored = Assert.Single(fixture.Emulator.ListObjects(), candidate => candidate.FileName == "replaced.png");
        Assert.Equal(2, stored.Length);
        Assert.Single(Directory.GetFiles(Path.Combine(fixture.DataDirectory, "objects", stored.Id), "*.bin"));
    }

    /// <summary>The type is the initiate call's, validated there; the PUT's header does not change it, whatever it
    /// says (another type, one that is not a type, none as <c>curl -T</c> sends), so whoever holds an upload URL cannot
    /// make the CDN serve an unvalidated type (text/html on the CDN's host). fal's clients send the initiated type.</summary>
    [Theory]
    [InlineData("image/png")]
    [InlineData("IMAGE/PNG")]
    [InlineData("image/jpeg")]
    [InlineData("text/html")]
    [InlineData("png")]
    [InlineData(null)]
    public async Task A_put_is_served_with_the_initiated_type_whatever_content_type_it_sends(string? contentType)
    {
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateUploadAsync(fixture.Key, "image/png", "typed.png");
        using var content = new ByteArrayContent([4, 5]);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var put = await fixture.HttpClient.PutAsync(uploadUrl, content);
        using var get = await fixture.HttpClient.GetAsync(fileUrl);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("image/png", get.Content.Headers.ContentType?.ToString());
        Assert.Equal([4, 5], await get.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Files_are_public_and_need_no_credentials()
    {
        var fileUrl = await fixture.HttpClient.UploadAsync(fixture.Key, [5]);
        using var anonymous = new HttpClient();

        Assert.Equal([5], await anonymous.GetByteArrayAsync(fileUrl));
    }

    private static void AssertNoFileContains(string directory, string secret)
    {
        var needle = Encoding.UTF8.GetBytes(secret);
        // .lock is held exclusively by the running emulator, and empty.
        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Where(path => Path.GetFileName(path) != ".lock"))
        {
            Assert.True(File.ReadAllBytes(path).AsSpan().IndexOf(needle) < 0, $"{path} contains the key");
        }
    }
}
