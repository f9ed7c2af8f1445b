using System.Net;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

/// <summary><c>--purge-incomplete-after</c>: uploads a client gave up on (Ctrl+C in the middle of a large file) leave
/// their staged parts on disk until the upload would expire, 7 days for the token flow; the purge frees them sooner,
/// at start-up and by the sweep. Judged on the emulator's clock, which the tests move.</summary>
public sealed class PurgeTests : IAsyncLifetime
{
    private static readonly TimeSpan PurgeAfter = TimeSpan.FromHours(1);

    private readonly ManualTimeProvider clock = new(new DateTimeOffset(2026, 6, 6, 12, 0, 0, TimeSpan.Zero));
    private EmulatorFixture emulator = null!;

    public async Task InitializeAsync() => emulator = await EmulatorFixture.StartAsync(options =>
    {
        options.TimeProvider = clock;
        options.UploadUrlLifetime = TimeSpan.FromDays(1);
        options.PurgeIncompleteAfter = PurgeAfter;
    });

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    [Fact]
    public async Task The_sweep_forgets_uploads_older_than_the_purge_age_with_their_staged_parts_and_keeps_younger_ones()
    {
        var (tokenUpload, signedUpload) = (await StartTokenUploadAsync(), await StartSignedUploadAsync());
        clock.Now += PurgeAfter - TimeSpan.FromSeconds(1);
        var younger = await StartTokenUploadAsync();

        Assert.Equal(0, emulator.Emulator.RemoveExpired());
        clock.Now += TimeSpan.FromSeconds(1);

        Assert.Equal(2, emulator.Emulator.RemoveExpired());
        Assert.False(Directory.Exists(PartsOf(tokenUpload.AccessUrl)));
        Assert.False(Directory.Exists(PartsOf(signedUpload)));
        Assert.True(Directory.Exists(PartsOf(younger.AccessUrl)));
        var grant = await emulator.HttpClient.GetTokenAsync(EmulatorFixture.TestKey);
        using var forgotten = await emulator.HttpClient.PutTokenPartAsync(grant.Token, tokenUpload.AccessUrl, tokenUpload.UploadId, 2, [1]);
        Assert.Equal(HttpStatusCode.NotFound, forgotten.StatusCode);
        using var kept = await emulator.HttpClient.PutTokenPartAsync(grant.Token, younger.AccessUrl, younger.UploadId, 2, [1]);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
    }

    [Fact]
    public async Task A_start_forgets_uploads_older_than_the_purge_age_with_their_staged_parts()
    {
        var (old, oldSigned) = (await StartTokenUploadAsync(), await StartSignedUploadAsync());
        clock.Now += PurgeAfter;
        var young = await StartTokenUploadAsync();

        await emulator.RestartAsync();

        Assert.False(Directory.Exists(PartsOf(old.AccessUrl)));
        Assert.False(Directory.Exists(PartsOf(oldSigned)));
        Assert.False(File.Exists(Path.Combine(emulator.DataDirectory, "uploads", Id(old.AccessUrl) + ".json")));
        Assert.True(Directory.Exists(PartsOf(young.AccessUrl)));
    }

    /// <summary>A multipart upload of the token flow with one part staged (kept 7 days without the purge).</summary>
    private async Task<(Uri AccessUrl, string UploadId)> StartTokenUploadAsync()
    {
        var grant = await emulator.HttpClient.GetTokenAsync(EmulatorFixture.TestKey);
        var upload = await emulator.HttpClient.StartTokenMultipartAsync(grant);
        using var part = await emulator.HttpClient.PutTokenPartAsync(grant.Token, upload.AccessUrl, upload.UploadId, 1, new byte[1000]);
        Assert.Equal(HttpStatusCode.OK, part.StatusCode);
        return upload;
    }

    /// <summary>A multipart upload through a signed URL (valid a day here) with one part staged.</summary>
    private async Task<Uri> StartSignedUploadAsync()
    {
        var (uploadUrl, _) = await emulator.HttpClient.InitiateMultipartAsync(EmulatorFixture.TestKey);
        using var part = await emulator.HttpClient.PutPartAsync(uploadUrl, 1, new byte[1000]);
        Assert.Equal(HttpStatusCode.OK, part.StatusCode);
        return uploadUrl;
    }

    private string PartsOf(Uri url) => Path.Combine(emulator.DataDirectory, "uploads", Id(url) + ".parts");

    private static string Id(Uri url) => url.Segments[2].TrimEnd('/');
}
