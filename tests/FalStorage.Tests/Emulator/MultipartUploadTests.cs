using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

public sealed partial class MultipartUploadTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const int PartSize = 256 * 1024;

    [Fact]
    public async Task The_javascript_client_flow_sequential_parts_with_the_etag_from_the_json_body()
    {
        var bytes = RandomBytes(4 * PartSize + 12345, seed: 1);
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key, "video/mp4", "js-flow.mp4");

        // As @fal-ai/client: one part at a time, then {"partNumber", "etag"} from each answer's JSON body.
        var parts = new List<(int, string)>();
        for (var number = 1; (number - 1) * PartSize < bytes.Length; number++)
        {
            var url = new Uri($"{uploadUrl.GetLeftPart(UriPartial.Path)}/{number}{uploadUrl.Query}");
            var slice = bytes[((number - 1) * PartSize)..Math.Min(bytes.Length, number * PartSize)];
            using var put = await fixture.HttpClient.PutAsync(url, new ByteArrayContent(slice) { Headers = { ContentType = new MediaTypeHeaderValue("video/mp4") } });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            using var answer = JsonDocument.Parse(await put.Content.ReadAsStringAsync());
            Assert.Equal(number, answer.RootElement.GetProperty("partNumber").GetInt32());
            parts.Add((number, answer.RootElement.GetProperty("etag").GetString()!));
        }

        var completeUrl = new Uri($"{uploadUrl.GetLeftPart(UriPartial.Path)}/complete{uploadUrl.Query}");
        using var complete = await fixture.HttpClient.PostAsync(completeUrl, new StringContent(EmulatorHttp.CompleteBody(parts), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal(bytes, await fixture.HttpClient.GetByteArrayAsync(fileUrl));
        var stored = Assert.Single(fixture.Emulator.ListObjects(), candidate => candidate.FileName == "js-flow.mp4");
        Assert.Equal(5, stored.PartCount);
        Assert.Equal(bytes.Length, stored.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Sha256);
        Assert.Equal("video/mp4", stored.ContentType);
    }

    [Fact]
    public async Task The_python_toolkit_flow_concurrent_parts_with_the_etag_from_the_header()
    {
        var bytes = RandomBytes(12 * PartSize + 1, seed: 2);
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key, "application/octet-stream", "python-flow.bin");
        var count = (bytes.Length + PartSize - 1) / PartSize;

        // As fal's Python toolkit: up to 10 parts at once, the ETag read from the response header as it comes.
        using var slots = new SemaphoreSlim(10);
        var uploads = Enumerable.Range(1, count).Select(async number =>
        {
            await slots.WaitAsync();
            try
            {
                using var put = await fixture.HttpClient.PutPartAsync(uploadUrl, number, bytes[((number - 1) * PartSize)..Math.Min(bytes.Length, number * PartSize)]);
                Assert.Equal(HttpStatusCode.OK, put.StatusCode);
                return (number, Assert.Single(put.Headers.GetValues("ETag")));
            }
            finally
            {
                slots.Release();
            }
        });
        var parts = await Task.WhenAll(uploads);

        using var complete = await fixture.HttpClient.CompleteAsync(uploadUrl, parts.OrderBy(part => part.number));

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal(bytes, await fixture.HttpClient.GetByteArrayAsync(fileUrl));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), Assert.Single(fixture.Emulator.ListObjects(), o => o.FileName == "python-flow.bin").Sha256);
    }

    [Fact]
    public async Task A_part_answers_its_etag_in_the_json_body_and_the_header_alike()
    {
        var (uploadUrl, _) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key);

        using var put = await fixture.HttpClient.PutPartAsync(uploadUrl, 1, [1, 2, 3]);

        Assert.Equal("application/json", put.Content.Headers.ContentType?.MediaType);
        using var answer = JsonDocument.Parse(await put.Content.ReadAsStringAsync());
        Assert.Equal(["partNumber", "etag"], answer.RootElement.EnumerateObject().Select(property => property.Name));
        var header = Assert.Single(put.Headers.GetValues("ETag"));
        Assert.Equal(header, answer.RootElement.GetProperty("etag").GetString());
        Assert.False(put.Headers.ETag!.IsWeak);
    }

    [Fact]
    public async Task Parts_may_arrive_in_any_order_and_the_etag_may_be_sent_back_without_quotes()
    {
        var bytes = RandomBytes(3 * PartSize, seed: 3);
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key, fileName: "any-order.bin");
        var etags = new Dictionary<int, string>();
        foreach (var number in new[] { 3, 1, 2 })
        {
            using var put = await fixture.HttpClient.PutPartAsync(uploadUrl, number, bytes[((number - 1) * PartSize)..(number * PartSize)]);
            etags[number] = put.Headers.ETag!.Tag.Trim('"');
        }

        // Listed out of order too: the part numbers, not the list order, say where each part goes.
        using var complete = await fixture.HttpClient.CompleteAsync(uploadUrl, [(2, etags[2]), (3, etags[3]), (1, etags[1])]);

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal(bytes, await fixture.HttpClient.GetByteArrayAsync(fileUrl));
    }

    [Fact]
    public async Task Many_parts_of_one_upload_at_once_are_assembled_without_corruption()
    {
        const int count = 40;
        var bytes = RandomBytes(count * 64 * 1024 - 7, seed: 4);
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key, fileName: "all-at-once.bin");

        var parts = await Task.WhenAll(Enumerable.Range(1, count).Select(async number =>
        {
            using var put = await fixture.HttpClient.PutPartAsync(uploadUrl, number, bytes[((number - 1) * 64 * 1024)..Math.Min(bytes.Length, number * 64 * 1024)]);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            return (number, put.Headers.ETag!.ToString());
        }));
        using var complete = await fixture.HttpClient.CompleteAsync(uploadUrl, parts);

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(await fixture.HttpClient.GetByteArrayAsync(fileUrl)));
    }

    [Fact]
    public async Task Re_sending_a_part_replaces_it_and_retires_its_old_etag()
    {
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key, fileName: "resent.bin");
        using var first = await fixture.HttpClient.PutPartAsync(uploadUrl, 1, [1, 1, 1]);
        using var second = await fixture.HttpClient.PutPartAsync(uploadUrl, 2, [2, 2]);
        using var again = await fixture.HttpClient.PutPartAsync(uploadUrl, 1, [9, 9, 9, 9]);
        var oldEtag = first.Headers.ETag!.ToString();
        var newEtag = again.Headers.ETag!.ToString();
        Assert.NotEqual(oldEtag, newEtag);

        using var stale = await fixture.HttpClient.CompleteAsync(uploadUrl, [(1, oldEtag), (2, second.Headers.ETag!.ToString())]);
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.Contains("part 1", (await stale.ReadDetailAsync()).GetString());

        using var complete = await fixture.HttpClient.CompleteAsync(uploadUrl, [(1, newEtag), (2, second.Headers.ETag!.ToString())]);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal([9, 9, 9, 9, 2, 2], await fixture.HttpClient.GetByteArrayAsync(fileUrl));
        var stored = Assert.Single(fixture.Emulator.ListObjects(), candidate => candidate.FileName == "resent.bin");
        Assert.Equal(2, Directory.GetFiles(Path.Combine(fixture.DataDirectory, "objects", stored.Id), "*.part", SearchOption.AllDirectories).Length);
    }

    public static TheoryData<string, int[], string> BadCompletions => new()
    {
        // name, the parts listed (those uploaded are 1, 2 and 3), a fragment of the detail
        { "missing", [1, 3], "Part 2 is missing" },
        { "unknown", [1, 2, 3, 4], "Part 4 was not uploaded" },
        { "unlisted", [1, 2], "Part 3 was uploaded but is not listed" },
        { "duplicate", [1, 2, 2, 3], "listed more than once" },
        { "zero", [0, 1, 2, 3], "start at 1" },
        { "empty", [], "empty" },
    };

    [Fact]
    public async Task Empty_parts_are_allowed()
    {
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key, fileName: "empty-parts.bin");
        var etags = await UploadPartsAsync(uploadUrl, [[], [5], []]);

        using var complete = await fixture.HttpClient.CompleteAsync(uploadUrl, etags.Select(pair => (pair.Key, pair.Value)));

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal([5], await fixture.HttpClient.GetByteArrayAsync(fileUrl));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task A_part_number_below_1_is_400(int number)
    {
        var (uploadUrl, _) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key);

        using var response = await fixture.HttpClient.PutPartAsync(uploadUrl, number, [1]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("start at 1", (await response.ReadDetailAsync()).GetString());
    }

    [Fact]
    public async Task A_single_uploads_url_does_not_work_for_parts_or_completion()
    {
        var (single, _) = await fixture.HttpClient.InitiateUploadAsync(fixture.Key);

        using var part = await fixture.HttpClient.PutPartAsync(single, 1, [1]);
        using var complete = await fixture.HttpClient.CompleteAsync(single, [(1, "\"x\"")]);

        Assert.Equal(HttpStatusCode.Forbidden, part.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, complete.StatusCode);
        await part.ReadDetailAsync();
    }

    [Fact]
    public async Task A_multipart_uploads_url_does_not_work_for_a_single_put()
    {
        var (multipart, fileUrl) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key);

        using var put = await fixture.HttpClient.PutAsync(multipart, new ByteArrayContent([1, 2, 3]));

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        using var notServed = await fixture.HttpClient.GetAsync(fileUrl);
        Assert.Equal(HttpStatusCode.NotFound, notServed.StatusCode);
    }

    [Fact]
    public async Task A_tampered_or_foreign_signature_is_403_for_parts_and_completion()
    {
        var (uploadUrl, _) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key);
        var (other, _) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key);
        var foreign = new Uri(uploadUrl.GetLeftPart(UriPartial.Path) + other.Query);
        var tampered = new Uri(uploadUrl.ToString().Replace("signature=", "signature=A", StringComparison.Ordinal));

        foreach (var url in new[] { foreign, tampered })
        {
            using var part = await fixture.HttpClient.PutPartAsync(url, 1, [1]);
            using var complete = await fixture.HttpClient.CompleteAsync(url, [(1, "\"x\"")]);
            Assert.Equal(HttpStatusCode.Forbidden, part.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, complete.StatusCode);
        }
    }

    [Fact]
    public async Task Parts_and_completion_are_403_once_the_url_has_expired()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.TimeProvider = clock;
            options.UploadUrlLifetime = TimeSpan.FromMinutes(2);
        });
        var (uploadUrl, _) = await emulator.HttpClient.InitiateMultipartAsync(EmulatorFixture.TestKey);
        using var inTime = await emulator.HttpClient.PutPartAsync(uploadUrl, 1, [1]);
        Assert.Equal(HttpStatusCode.OK, inTime.StatusCode);

        clock.Now += TimeSpan.FromMinutes(2);
        using var late = await emulator.HttpClient.PutPartAsync(uploadUrl, 2, [2]);
        using var lateComplete = await emulator.HttpClient.CompleteAsync(uploadUrl, [(1, inTime.Headers.ETag!.ToString())]);

        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
        Assert.Contains("expired", (await late.ReadDetailAsync()).GetString());
        Assert.Equal(HttpStatusCode.Forbidden, lateComplete.StatusCode);
    }

    [Fact]
    public async Task Staged_parts_and_completed_multipart_objects_survive_a_restart()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        var bytes = RandomBytes(3 * PartSize + 5, seed: 5);
        var done = await emulator.HttpClient.UploadMultipartAsync(EmulatorFixture.TestKey, bytes, PartSize, fileName: "before.bin");
        var (uploadUrl, fileUrl) = await emulator.HttpClient.InitiateMultipartAsync(EmulatorFixture.TestKey, fileName: "across.bin");
        var before = await UploadPartsAsync(emulator.HttpClient, uploadUrl, [[1, 1], [2, 2]]);

        await emulator.RestartAsync();
        var after = await UploadPartsAsync(emulator.HttpClient, new Uri(emulator.BaseAddress, uploadUrl.PathAndQuery), [(3, [3, 3])]);
        using var complete = await emulator.HttpClient.CompleteAsync(
            new Uri(emulator.BaseAddress, uploadUrl.PathAndQuery), [(1, before[1]), (2, before[2]), (3, after[3])]);

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal([1, 1, 2, 2, 3, 3], await emulator.HttpClient.GetByteArrayAsync(fileUrl.PathAndQuery));
        Assert.Equal(bytes, await emulator.HttpClient.GetByteArrayAsync(done.PathAndQuery));
        var stored = Assert.Single(emulator.Emulator.ListObjects(), candidate => candidate.FileName == "across.bin");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(new byte[] { 1, 1, 2, 2, 3, 3 })), stored.Sha256);

        await emulator.RestartAsync();
        Assert.Equal([1, 1, 2, 2, 3, 3], await emulator.HttpClient.GetByteArrayAsync(fileUrl.PathAndQuery));
        Assert.Equal(2, emulator.Emulator.ListObjects().Count);
    }

    [Fact]
    public async Task A_part_dropped_mid_body_leaves_no_part_and_no_temp_file()
    {
        var (uploadUrl, _) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key);
        var etags = await UploadPartsAsync(uploadUrl, [[1]]);
        using var abort = new CancellationTokenSource();
        var content = new PausingContent(1024 * 1024, pauseAfter: 256 * 1024);
        var put = fixture.HttpClient.PutAsync(EmulatorHttp.PartUrl(uploadUrl, 2), content, abort.Token);

        await content.Paused.WaitAsync(TimeSpan.FromSeconds(15));
        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => put);

        await Eventually.TrueAsync(() => Directory.GetFiles(Path.Combine(fixture.DataDirectory, "tmp")).Length == 0, "the temp file to be deleted");
        using var complete = await fixture.HttpClient.CompleteAsync(uploadUrl, [(1, etags[1]), (2, "\"x\"")]);
        Assert.Equal(HttpStatusCode.BadRequest, complete.StatusCode);
        Assert.Contains("Part 2 was not uploaded", (await complete.ReadDetailAsync()).GetString());
    }

    private Task<Dictionary<int, string>> UploadPartsAsync(Uri uploadUrl, byte[][] parts) => UploadPartsAsync(fixture.HttpClient, uploadUrl, parts);

    /// <summary>Uploads the arrays as parts 1, 2, ... one after the other; returns each part's ETag header.</summary>
    private static Task<Dictionary<int, string>> UploadPartsAsync(HttpClient client, Uri uploadUrl, byte[][] parts) =>
        UploadPartsAsync(client, uploadUrl, parts.Select((bytes, i) => (i + 1, bytes)));

    private static async Task<Dictionary<int, string>> UploadPartsAsync(HttpClient client, Uri uploadUrl, IEnumerable<(int Number, byte[] Bytes)> parts)
    {
        var etags = new Dictionary<int, string>();
        foreach (var (number, bytes) in parts)
        {
            using var put = await client.PutPartAsync(uploadUrl, number, bytes);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            etags[number] = put.Headers.ETag!.ToString();
        }

        return etags;
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
