using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

/// <summary>The file URL, served as a well-kept object store serves: validators, ranges, HEAD.</summary>
public sealed class CdnTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Get_and_head_carry_type_length_strong_etag_last_modified_and_accept_ranges()
    {
        var bytes = RandomNumberGenerator.GetBytes(5000);
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);
        var fileUrl = await fixture.HttpClient.UploadAsync(fixture.Key, bytes, "image/png", "headers.png");

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
        {
            using var response = await fixture.HttpClient.SendAsync(new HttpRequestMessage(method, fileUrl));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/png", response.Content.Headers.ContentType?.ToString());
            Assert.Equal(5000, response.Content.Headers.ContentLength);
            Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))}\"", response.Headers.ETag?.Tag);
            Assert.False(response.Headers.ETag!.IsWeak);
            Assert.InRange(response.Content.Headers.LastModified!.Value, before, DateTimeOffset.UtcNow.AddSeconds(2));
            Assert.Equal(["bytes"], response.Headers.AcceptRanges);
            Assert.Equal(method == HttpMethod.Get ? bytes : [], await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Theory]
    [InlineData(0L, 99L, 0, 100)]
    [InlineData(100L, null, 100, 4900)]
    [InlineData(4999L, 4999L, 4999, 1)]
    [InlineData(4000L, 9999L, 4000, 1000)] // the end is cut to the length
    public async Task A_single_range_is_206_with_content_range(long from, long? to, int start, int length)
    {
        var bytes = RandomNumberGenerator.GetBytes(5000);
        var fileUrl = await fixture.HttpClient.UploadAsync(fixture.Key, bytes, "application/octet-stream", "range.bin");
        using var request = new HttpRequestMessage(HttpMethod.Get, fileUrl);
        request.Headers.Range = new RangeHeaderValue(from, to);

        using var response = await fixture.HttpClient.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(new ContentRangeHeaderValue(start, start + length - 1, 5000), response.Content.Headers.ContentRange);
        Assert.Equal(bytes.AsSpan(start, length).ToArray(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_suffix_range_gives_the_last_bytes()
    {
        var bytes = RandomNumberGenerator.GetBytes(3000);
        var fileUrl = await fixture.HttpClient.UploadAsync(fixture.Key, bytes, "application/octet-stream", "suffix.bin");
        using var request = new HttpRequestMessage(HttpMethod.Get, fileUrl);
        request.Headers.Range = new RangeHeaderValue(null, 10);

        using var response = await fixture.HttpClient.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(bytes[^10..], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_unsatisfiable_range_is_416_with_the_length()
    {
        var fileUrl = await fixture.HttpClient.UploadAsync(fixture.Key, new byte[100], "application/octet-stream", "small.bin");
        using var request = new HttpRequestMessage(HttpMethod.Get, fileUrl);
        request.Headers.Range = new RangeHeaderValue(100, 200);

        using var response = await fixture.HttpClient.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal(100, response.Content.Headers.ContentRange?.Length);
    }

    [Fact]
    public async Task Ranges_of_a_multipart_object_cross_part_boundaries()
    {
        // Parts of 1000, 1, 0 and 2999 bytes: ranges that start, end and straddle at each boundary.
        var bytes = RandomNumberGenerator.GetBytes(4000);
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key, "application/octet-stream", "straddle.bin");
        int[] sizes = [1000, 1, 0, 2999];
        var parts = new List<(int, string)>();
        for (int i = 0, offset = 0; i < sizes.Length; offset += sizes[i], i++)
        {
            using var put = await fixture.HttpClient.PutPartAsync(uploadUrl, i + 1, bytes[offset..(offset + sizes[i])]);
            parts.Add((i + 1, put.Headers.ETag!.ToString()));
        }

        using var complete = await fixture.HttpClient.CompleteAsync(uploadUrl, parts);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);

        foreach (var (from, to) in new[] { (0, 999), (999, 1000), (1000, 1000), (1000, 1001), (990, 1010), (500, 3999), (1001, 3999), (0, 3999), (3999, 3999) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, fileUrl);
            request.Headers.Range = new RangeHeaderValue(from, to);
            using var response = await fixture.HttpClient.SendAsync(request);

            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            Assert.Equal(bytes[from..(to + 1)], await response.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal(bytes, await fixture.HttpClient.GetByteArrayAsync(fileUrl));
    }

    [Fact]
    public async Task If_none_match_with_the_etag_is_304_and_with_another_is_200()
    {
        var fileUrl = await fixture.HttpClient.UploadAsync(fixture.Key, [1, 2, 3], "application/octet-stream", "cached.bin");
        using var first = await fixture.HttpClient.GetAsync(fileUrl);
        var etag = first.Headers.ETag!;

        using var cached = new HttpRequestMessage(HttpMethod.Get, fileUrl) { Headers = { IfNoneMatch = { etag } } };
        using var notModified = await fixture.HttpClient.SendAsync(cached);
        using var other = new HttpRequestMessage(HttpMethod.Get, fileUrl) { Headers = { IfNoneMatch = { new EntityTagHeaderValue("\"other\"") } } };
        using var modified = await fixture.HttpClient.SendAsync(other);
        using var any = new HttpRequestMessage(HttpMethod.Get, fileUrl) { Headers = { IfNoneMatch = { EntityTagHeaderValue.Any } } };
        using var star = await fixture.HttpClient.SendAsync(any);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, notModified.Headers.ETag);
        Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
        Assert.Equal([1, 2, 3], await modified.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotModified, star.StatusCode);
    }

    [Fact]
    public async Task A_reupload_changes_the_etag()
    {
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateUploadAsync(fixture.Key, fileName: "changing.png");
        using var first = await fixture.HttpClient.PutAsync(uploadUrl, new ByteArrayContent([1]));
        using var before = await fixture.HttpClient.GetAsync(fileUrl);
        using var second = await fixture.HttpClient.PutAsync(uploadUrl, new ByteArrayContent([2]));
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, fileUrl) { Headers = { IfNoneMatch = { before.Headers.ETag! } } };

        using var after = await fixture.HttpClient.SendAsync(revalidate);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        Assert.Equal([2], await after.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_put_answers_the_objects_etag()
    {
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateUploadAsync(fixture.Key, fileName: "put-etag.png");

        using var put = await fixture.HttpClient.PutAsync(uploadUrl, new ByteArrayContent([4, 5]));
        using var get = await fixture.HttpClient.GetAsync(fileUrl);

        Assert.Equal(get.Headers.ETag, put.Headers.ETag);
    }

    [Fact]
    public async Task A_download_in_progress_keeps_reading_the_version_it_started_with()
    {
        // 16 parts of 1 MiB: the server opens each part file only when the download reaches it, so the parts must
        // outlive a replacement that happens while the download is under way.
        var first = RandomNumberGenerator.GetBytes(16 * 1024 * 1024);
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key, "application/octet-stream", "swapped.bin");
        var parts = new List<(int, string)>();
        for (var number = 1; number <= 16; number++)
        {
            using var put = await fixture.HttpClient.PutPartAsync(uploadUrl, number, first[((number - 1) << 20)..(number << 20)]);
            parts.Add((number, put.Headers.ETag!.ToString()));
        }

        using (var complete = await fixture.HttpClient.CompleteAsync(uploadUrl, parts))
        {
            Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        }

        var id = fileUrl.Segments[2].TrimEnd('/');

        using var download = await fixture.HttpClient.GetAsync(fileUrl, HttpCompletionOption.ResponseHeadersRead);
        var body = await download.Content.ReadAsStreamAsync();
        var head = new byte[1000];
        await body.ReadExactlyAsync(head);

        using (var part = await fixture.HttpClient.PutPartAsync(uploadUrl, 1, [7]))
        using (var replace = await fixture.HttpClient.CompleteAsync(uploadUrl, [(1, part.Headers.ETag!.ToString())]))
        {
            Assert.Equal(HttpStatusCode.OK, replace.StatusCode);
        }

        Assert.Equal([7], await fixture.HttpClient.GetByteArrayAsync(fileUrl));

        using var rest = new MemoryStream();
        await body.CopyToAsync(rest);
        Assert.Equal(first, head.Concat(rest.ToArray()).ToArray());

        await body.DisposeAsync();
        await Eventually.TrueAsync(
            () => Directory.GetFiles(Path.Combine(fixture.DataDirectory, "objects", id), "*.part", SearchOption.AllDirectories).Length == 1,
            "the old parts to be deleted once their download ended");
    }
}
