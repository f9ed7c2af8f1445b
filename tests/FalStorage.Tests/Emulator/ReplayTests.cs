using System.Net;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

/// <summary>Signed URLs and ETags replayed where they no longer belong: after their upload was done and its URL
/// expired, after the sweep and a restart, or in another upload. None changes anything.</summary>
public sealed class ReplayTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan UrlLifetime = TimeSpan.FromMinutes(5);

    private readonly ManualTimeProvider clock = new(Start);
    private EmulatorFixture emulator = null!;

    public async Task InitializeAsync() =>
        emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.TimeProvider = clock;
            options.UploadUrlLifetime = UrlLifetime;
        });

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    [Fact]
    public async Task Urls_replayed_after_their_upload_completed_and_expired_are_403_and_change_nothing()
    {
        var (single, singleFile) = await emulator.HttpClient.InitiateUploadAsync(EmulatorFixture.TestKey, fileName: "single.png");
        using (var put = await emulator.HttpClient.PutAsync(single, new ByteArrayContent([1, 2, 3])))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var (multipart, multipartFile) = await emulator.HttpClient.InitiateMultipartAsync(EmulatorFixture.TestKey, fileName: "multi.bin");
        using var part = await emulator.HttpClient.PutPartAsync(multipart, 1, [4, 5]);
        List<(int, string)> listed = [(1, part.Headers.ETag!.ToString())];
        using (var complete = await emulator.HttpClient.CompleteAsync(multipart, listed))
        {
            Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        }

        clock.Now += UrlLifetime;
        await AssertReplaysExpiredAsync(single, multipart, listed);

        // Forgotten by the sweep, the uploads' URLs still say "expired", not "not found"...
        Assert.Equal(2, emulator.Emulator.RemoveExpired());
        await AssertReplaysExpiredAsync(single, multipart, listed);

        // ...and so they do once the uploads' records are gone from disk after a restart.
        await emulator.RestartAsync();
        await AssertReplaysExpiredAsync(Here(single), Here(multipart), listed);

        Assert.Equal([1, 2, 3], await emulator.HttpClient.GetByteArrayAsync(Here(singleFile)));
        Assert.Equal([4, 5], await emulator.HttpClient.GetByteArrayAsync(Here(multipartFile)));
        Assert.Equal(2, emulator.Emulator.ListObjects().Count);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(emulator.DataDirectory, "uploads")));
    }

    [Fact]
    public async Task A_part_etag_of_one_upload_does_not_complete_another()
    {
        var (first, firstFile) = await emulator.HttpClient.InitiateMultipartAsync(EmulatorFixture.TestKey, fileName: "first.bin");
        var (second, secondFile) = await emulator.HttpClient.InitiateMultipartAsync(EmulatorFixture.TestKey, fileName: "second.bin");
        using var firstPart = await emulator.HttpClient.PutPartAsync(first, 1, [1]);
        List<(int, string)> firstList = [(1, firstPart.Headers.ETag!.ToString())];

        // The first upload's part list, sent to the second upload's own (validly signed) completion URL.
        using var crossed = await emulator.HttpClient.CompleteAsync(second, firstList);

        Assert.Equal(HttpStatusCode.BadRequest, crossed.StatusCode);
        Assert.Contains("Part 1 was not uploaded", (await crossed.ReadDetailAsync()).GetString());
        using var notServed = await emulator.HttpClient.GetAsync(secondFile);
        Assert.Equal(HttpStatusCode.NotFound, notServed.StatusCode);

        // The second upload's own part with the first one's ETag is refused too; the first upload still completes.
        using var secondPart = await emulator.HttpClient.PutPartAsync(second, 1, [2]);
        using var mismatched = await emulator.HttpClient.CompleteAsync(second, firstList);
        using var completed = await emulator.HttpClient.CompleteAsync(first, firstList);
        Assert.Equal(HttpStatusCode.BadRequest, mismatched.StatusCode);
        Assert.Contains("ETag of part 1", (await mismatched.ReadDetailAsync()).GetString());
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Equal([1], await emulator.HttpClient.GetByteArrayAsync(firstFile));
    }

    private async Task AssertReplaysExpiredAsync(Uri single, Uri multipart, List<(int, string)> listed)
    {
        using var put = await emulator.HttpClient.PutAsync(single, new ByteArrayContent([9]));
        using var part = await emulator.HttpClient.PutPartAsync(multipart, 1, [9]);
        using var newPart = await emulator.HttpClient.PutPartAsync(multipart, 2, [9]);
        using var complete = await emulator.HttpClient.CompleteAsync(multipart, listed);

        foreach (var response in new[] { put, part, newPart, complete })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("expired", (await response.ReadDetailAsync()).GetString());
        }

        Assert.False(Directory.Exists(Path.Combine(emulator.DataDirectory, "uploads", multipart.Segments[^1] + ".parts")));
        Assert.Empty(Directory.GetFiles(Path.Combine(emulator.DataDirectory, "tmp")));
    }

    /// <summary>The same path and query at the emulator's address after a restart (it listens on a new port).</summary>
    private Uri Here(Uri url) => new(emulator.BaseAddress, url.PathAndQuery);
}
