using System.Net;
using System.Text.Json;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

/// <summary><c>X-Fal-Object-Lifecycle</c>: objects that disappear after a while. The clock is the test's.</summary>
public sealed class LifecycleTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly ManualTimeProvider clock = new(Start);
    private EmulatorFixture emulator = null!;

    public async Task InitializeAsync() =>
        emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.TimeProvider = clock;
            options.UploadUrlLifetime = TimeSpan.FromDays(2);
        });

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    [Theory]
    [InlineData("X-Fal-Object-Lifecycle")]
    [InlineData("X-Fal-Object-Lifecycle-Preference")]
    public async Task An_object_with_a_lifecycle_is_404_once_its_seconds_have_passed(string header)
    {
        var fileUrl = await UploadAsync("expiring.png", [1, 2, 3], header, """{"expiration_duration_seconds": 3600}""");

        var stored = Assert.Single(emulator.Emulator.ListObjects());
        Assert.Equal(Start.AddHours(1), stored.ExpiresAt);
        clock.Now = Start.AddHours(1).AddSeconds(-1);
        Assert.Equal([1, 2, 3], await emulator.HttpClient.GetByteArrayAsync(fileUrl));

        clock.Now = Start.AddHours(1);
        using var get = await emulator.HttpClient.GetAsync(fileUrl);
        using var head = await emulator.HttpClient.SendAsync(new HttpRequestMessage(HttpMethod.Head, fileUrl));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        await get.ReadDetailAsync();
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Empty(emulator.Emulator.ListObjects());
    }

    [Fact]
    public async Task The_lifetime_counts_from_the_completion_not_from_the_initiation()
    {
        var (uploadUrl, fileUrl) = await InitiateAsync("late.png", "X-Fal-Object-Lifecycle", """{"expiration_duration_seconds": 60}""");
        clock.Now = Start.AddMinutes(30);
        using var put = await emulator.HttpClient.PutAsync(uploadUrl, new ByteArrayContent([1]));

        clock.Now = Start.AddMinutes(30).AddSeconds(59);
        using var inTime = await emulator.HttpClient.GetAsync(fileUrl);
        clock.Now = Start.AddMinutes(31);
        using var late = await emulator.HttpClient.GetAsync(fileUrl);

        Assert.Equal(HttpStatusCode.OK, inTime.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, late.StatusCode);
    }

    [Fact]
    public async Task Without_a_lifecycle_an_object_never_expires()
    {
        var fileUrl = await UploadAsync("forever.png", [9], header: null, value: null);

        clock.Now = Start.AddYears(20);

        Assert.Null(Assert.Single(emulator.Emulator.ListObjects()).ExpiresAt);
        Assert.Equal([9], await emulator.HttpClient.GetByteArrayAsync(fileUrl));
    }

    /// <summary>Every key is optional (fal's clients send <c>initial_acl</c> alone): <c>{}</c> asks for nothing; it was a
    /// 422 "Field required" before issue 18.</summary>
    [Theory]
    [InlineData("{}")]
    [InlineData("""{"expiration_duration_seconds": null, "initial_acl": null}""")]
    public async Task A_lifecycle_that_asks_for_nothing_leaves_the_object_forever_and_public(string value)
    {
        var fileUrl = await UploadAsync("plain.png", [7], "X-Fal-Object-Lifecycle", value);

        var stored = Assert.Single(emulator.Emulator.ListObjects());
        Assert.Null(stored.ExpiresAt);
        Assert.Null(stored.Acl);
        Assert.Equal([7], await emulator.HttpClient.GetByteArrayAsync(fileUrl));
    }

    [Fact]
    public async Task Multipart_uploads_take_a_lifecycle_too()
    {
        var (uploadUrl, fileUrl) = await emulator.HttpClient.InitiateMultipartAsync(
            EmulatorFixture.TestKey, fileName: "parts-expire.bin", lifecycle: """{"expiration_duration_seconds": 86400}""");
        using var part = await emulator.HttpClient.PutPartAsync(uploadUrl, 1, [5, 5]);
        using var complete = await emulator.HttpClient.CompleteAsync(uploadUrl, [(1, part.Headers.ETag!.ToString())]);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);

        Assert.Equal(Start.AddDays(1), Assert.Single(emulator.Emulator.ListObjects()).ExpiresAt);
        clock.Now = Start.AddDays(1);
        using var gone = await emulator.HttpClient.GetAsync(fileUrl);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task An_expired_objects_files_are_removed_when_it_is_asked_for()
    {
        var fileUrl = await UploadAsync("removed.png", [1, 2], "X-Fal-Object-Lifecycle", """{"expiration_duration_seconds": 10}""");
        var id = Assert.Single(emulator.Emulator.ListObjects()).Id;
        Assert.True(Directory.Exists(ObjectFolder(id)));

        clock.Now = Start.AddSeconds(10);
        using var gone = await emulator.HttpClient.GetAsync(fileUrl);

        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        await Eventually.TrueAsync(() => !Directory.Exists(ObjectFolder(id)), "the expired object's folder to be deleted");
    }

    [Fact]
    public async Task The_sweep_removes_expired_objects_and_uploads_nobody_asks_for()
    {
        await UploadAsync("swept.png", [1], "X-Fal-Object-Lifecycle", """{"expiration_duration_seconds": 10}""");
        var kept = await UploadAsync("kept.png", [2], header: null, value: null);
        var (multipart, _) = await emulator.HttpClient.InitiateMultipartAsync(EmulatorFixture.TestKey, fileName: "abandoned.bin");
        using var part = await emulator.HttpClient.PutPartAsync(multipart, 1, [3]);
        var swept = emulator.Emulator.ListObjects().Single(stored => stored.FileName == "swept.png").Id;
        var abandoned = multipart.Segments[2];

        clock.Now = Start.AddDays(3);
        var removed = emulator.Emulator.RemoveExpired();

        // One expired object; three uploads whose URL expired (the two single ones and the multipart one).
        Assert.Equal(4, removed);
        Assert.False(Directory.Exists(ObjectFolder(swept)));
        Assert.False(File.Exists(Path.Combine(emulator.DataDirectory, "uploads", abandoned + ".json")));
        Assert.False(Directory.Exists(Path.Combine(emulator.DataDirectory, "uploads", abandoned + ".parts")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(emulator.DataDirectory, "uploads")));
        Assert.Equal([2], await emulator.HttpClient.GetByteArrayAsync(kept));
    }

    [Fact]
    public async Task An_upload_admitted_before_its_url_expired_is_not_swept_under_it()
    {
        var (uploadUrl, fileUrl) = await InitiateAsync("slow.bin", header: null, value: null);
        using var content = new PausingContent(2 * 1024 * 1024, pauseAfter: 512 * 1024);
        using var client = new HttpClient();
        var put = client.PutAsync(uploadUrl, content);
        await content.Paused.WaitAsync(Eventually.Patience);
        await Eventually.TrueAsync(() => Directory.GetFiles(Path.Combine(emulator.DataDirectory, "tmp")).Length > 0, "the upload to reach the server");

        clock.Now = Start.AddDays(3);
        Assert.Equal(0, emulator.Emulator.RemoveExpired());
        content.Resume();
        using var response = await put.WaitAsync(Eventually.Patience);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content.Bytes, await emulator.HttpClient.GetByteArrayAsync(fileUrl));
        Assert.Equal(1, emulator.Emulator.RemoveExpired());
        using var late = await emulator.HttpClient.PutAsync(uploadUrl, new ByteArrayContent([1]));
        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
    }

    [Fact]
    public async Task The_periodic_sweep_removes_expired_files_without_any_request()
    {
        var sweepClock = new ManualTimeProvider(Start);
        await using var swept = await EmulatorFixture.StartAsync(options =>
        {
            options.TimeProvider = sweepClock;
            options.ExpirySweepInterval = TimeSpan.FromMilliseconds(50);
        });
        var (uploadUrl, _) = await swept.HttpClient.InitiateUploadAsync(EmulatorFixture.TestKey);
        using var request = EmulatorHttp.InitiateRequest(EmulatorFixture.TestKey, EmulatorHttp.InitiateBody("image/png", "short.png"));
        request.Headers.TryAddWithoutValidation("X-Fal-Object-Lifecycle", """{"expiration_duration_seconds": 5}""");
        using var initiated = await swept.HttpClient.SendAsync(request);
        using var json = JsonDocument.Parse(await initiated.Content.ReadAsStringAsync());
        using var put = await swept.HttpClient.PutAsync(json.RootElement.GetProperty("upload_url").GetString(), new ByteArrayContent([1]));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var objects = Path.Combine(swept.DataDirectory, "objects");
        var uploads = Path.Combine(swept.DataDirectory, "uploads");
        Assert.Single(Directory.GetDirectories(objects));

        sweepClock.Now = Start.AddDays(1);

        await Eventually.TrueAsync(() => Directory.GetDirectories(objects).Length == 0, "the sweep to remove the expired object");
        await Eventually.TrueAsync(() => Directory.GetFileSystemEntries(uploads).Length == 0, "the sweep to remove the expired uploads");
    }

    [Fact]
    public async Task Expiry_survives_a_restart()
    {
        var fileUrl = await UploadAsync("restarted.png", [4], "X-Fal-Object-Lifecycle", """{"expiration_duration_seconds": 100}""");

        await emulator.RestartAsync();
        Assert.Equal(Start.AddSeconds(100), Assert.Single(emulator.Emulator.ListObjects()).ExpiresAt);
        clock.Now = Start.AddSeconds(100);
        await emulator.RestartAsync();

        using var gone = await emulator.HttpClient.GetAsync(fileUrl.PathAndQuery);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Empty(Directory.GetDirectories(Path.Combine(emulator.DataDirectory, "objects")));
    }

    public static TheoryData<string, string> MalformedLifecycles => new()
    {
        { "{", "json_invalid" },
        { "3600", "model_attributes_type" },
        { """{"initial_acl": "forbid"}""", "model_type" },
        { """{"expiration_duration_seconds": "3600"}""", "int_type" },
        { """{"expiration_duration_seconds": 1.5}""", "int_type" },
        { """{"expiration_duration_seconds": 0}""", "value_error" },
        { """{"expiration_duration_seconds": -1}""", "value_error" },
        { """{"expiration_duration_seconds": 99999999999999}""", "value_error" },
    };

    [Theory]
    [MemberData(nameof(MalformedLifecycles))]
    public async Task A_malformed_lifecycle_is_422_on_both_initiates(string value, string type)
    {
        foreach (var path in new[] { EmulatorHttp.InitiatePath, EmulatorHttp.InitiateMultipartPath })
        {
            using var request = EmulatorHttp.InitiateRequest(EmulatorFixture.TestKey, EmulatorHttp.InitiateBody("image/png", "a.png"), path);
            request.Headers.TryAddWithoutValidation("X-Fal-Object-Lifecycle", value);

            using var response = await emulator.HttpClient.SendAsync(request);

            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var issue = Assert.Single((await response.ReadDetailAsync()).EnumerateArray());
            Assert.Equal(type, issue.GetProperty("type").GetString());
            Assert.Equal("header", issue.GetProperty("loc")[0].GetString());
        }

        Assert.Empty(Directory.GetFiles(Path.Combine(emulator.DataDirectory, "uploads")));
    }

    [Fact]
    public async Task The_two_header_names_must_agree_when_both_are_sent()
    {
        using var request = EmulatorHttp.InitiateRequest(EmulatorFixture.TestKey, EmulatorHttp.InitiateBody("image/png", "a.png"));
        request.Headers.TryAddWithoutValidation("X-Fal-Object-Lifecycle", """{"expiration_duration_seconds": 60}""");
        request.Headers.TryAddWithoutValidation("X-Fal-Object-Lifecycle-Preference", """{"expiration_duration_seconds": 120}""");

        using var response = await emulator.HttpClient.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Theory]
    [InlineData(3600)]
    [InlineData(86400)]
    [InlineData(604800)]
    [InlineData(2592000)]
    [InlineData(31536000)]
    public async Task The_clients_presets_are_accepted(int seconds)
    {
        await UploadAsync($"preset-{seconds}.png", [1], "X-Fal-Object-Lifecycle", JsonSerializer.Serialize(new { expiration_duration_seconds = seconds }));

        Assert.Equal(Start.AddSeconds(seconds), emulator.Emulator.ListObjects().Single(stored => stored.FileName == $"preset-{seconds}.png").ExpiresAt);
    }

    private string ObjectFolder(string id) => Path.Combine(emulator.DataDirectory, "objects", id);

    private async Task<(Uri UploadUrl, Uri FileUrl)> InitiateAsync(string fileName, string? header, string? value)
    {
        using var request = EmulatorHttp.InitiateRequest(EmulatorFixture.TestKey, EmulatorHttp.InitiateBody("image/png", fileName));
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        using var response = await emulator.HttpClient.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        return (new Uri(json.RootElement.GetProperty("upload_url").GetString()!), new Uri(json.RootElement.GetProperty("file_url").GetString()!));
    }

    private async Task<Uri> UploadAsync(string fileName, byte[] bytes, string? header, string? value)
    {
        var (uploadUrl, fileUrl) = await InitiateAsync(fileName, header, value);
        using var put = await emulator.HttpClient.PutAsync(uploadUrl, new ByteArrayContent(bytes));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        return fileUrl;
    }
}
