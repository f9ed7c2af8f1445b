using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

public sealed class ConcurrencyTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Two_hundred_concurrent_uploads_of_random_sizes_all_come_back_byte_identical()
    {
        const int count = 200;
        var random = new Random(20260301);

        // Sizes from 0 bytes to 3 MiB, with the edges of the server's buffers among them.
        int[] edges = [0, 1, 4095, 4096, 4097, 65536, 524287, 524288, 524289, 1048576];
        var sizes = Enumerable.Range(0, count).Select(i => i < edges.Length ? edges[i] : random.Next(3 * 1024 * 1024 + 1)).ToArray();
        var seeds = Enumerable.Range(0, count).Select(_ => random.Next()).ToArray();
        using var start = new SemaphoreSlim(0);

        var uploads = Enumerable.Range(0, count).Select(async i =>
        {
            var bytes = new byte[sizes[i]];
            new Random(seeds[i]).NextBytes(bytes);
            var expected = SHA256.HashData(bytes);
            await start.WaitAsync();
            var fileUrl = await fixture.HttpClient.UploadAsync(fixture.Key, bytes, "application/octet-stream", $"concurrent-{i}.bin");
            var served = await fixture.HttpClient.GetByteArrayAsync(fileUrl);
            return (Index: i, Expected: expected, Served: SHA256.HashData(served), Length: served.Length);
        }).ToList();
        start.Release(count);
        var results = await Task.WhenAll(uploads);

        Assert.All(results, result =>
        {
            Assert.Equal(sizes[result.Index], result.Length);
            Assert.Equal(result.Expected, result.Served);
        });
        var stored = fixture.Emulator.ListObjects().Where(o => o.FileName.StartsWith("concurrent-", StringComparison.Ordinal)).ToList();
        Assert.Equal(count, stored.Count);
        Assert.All(stored, o => Assert.Equal(Convert.ToHexStringLower(results[int.Parse(o.FileName[11..^4], CultureInfo.InvariantCulture)].Expected), o.Sha256));
        await Eventually.TrueAsync(() => Directory.GetFiles(Path.Combine(fixture.DataDirectory, "tmp")).Length == 0, "tmp/ to be empty");
    }

    [Fact]
    public async Task Concurrent_puts_to_one_upload_url_leave_one_of_them_whole()
    {
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateUploadAsync(fixture.Key, fileName: "contended.bin");
        var bodies = Enumerable.Range(1, 8).Select(i => Enumerable.Repeat((byte)i, 300_000 + i).ToArray()).ToList();

        var puts = await Task.WhenAll(bodies.Select(async body =>
        {
            using var put = await fixture.HttpClient.PutAsync(uploadUrl, new ByteArrayContent(body));
            return put.StatusCode;
        }));

        Assert.All(puts, status => Assert.Equal(HttpStatusCode.OK, status));
        var served = await fixture.HttpClient.GetByteArrayAsync(fileUrl);
        Assert.Contains(bodies, body => body.AsSpan().SequenceEqual(served));
        var id = fileUrl.Segments[2].TrimEnd('/');
        await Eventually.TrueAsync(
            () => Directory.GetFiles(Path.Combine(fixture.DataDirectory, "objects", id), "*.bin").Length == 1,
            "the replaced contents to be deleted");
    }

    [Fact]
    public async Task Concurrent_resends_of_one_part_leave_one_of_them_whole()
    {
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key, fileName: "contended-part.bin");
        var bodies = Enumerable.Range(1, 8).Select(i => Enumerable.Repeat((byte)i, 200_000 + i).ToArray()).ToList();

        var etags = await Task.WhenAll(bodies.Select(async body =>
        {
            using var put = await fixture.HttpClient.PutPartAsync(uploadUrl, 1, body);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            return put.Headers.ETag!.ToString();
        }));

        // Only the ETag of the upload that landed last completes; the others were replaced.
        var outcomes = new List<HttpStatusCode>();
        foreach (var etag in etags)
        {
            using var complete = await fixture.HttpClient.CompleteAsync(uploadUrl, [(1, etag)]);
            outcomes.Add(complete.StatusCode);
        }

        Assert.Single(outcomes, status => status == HttpStatusCode.OK);
        Assert.Equal(etags.Length - 1, outcomes.Count(status => status == HttpStatusCode.BadRequest));
        var served = await fixture.HttpClient.GetByteArrayAsync(fileUrl);
        Assert.Contains(bodies, body => body.AsSpan().SequenceEqual(served));
    }
}
