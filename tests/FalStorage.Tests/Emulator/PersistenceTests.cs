using System.Net;
using FalStorage.Emulator;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

public sealed class PersistenceTests
{
    [Fact]
    public async Task Objects_survive_a_restart_on_the_same_data_folder()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        var fileUrl = await emulator.HttpClient.UploadAsync(EmulatorFixture.TestKey, [1, 2, 3], "image/gif", "kept.gif");
        var before = emulator.Emulator.ListObjects();

        await emulator.RestartAsync();
        using var response = await emulator.HttpClient.GetAsync(fileUrl.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/gif", response.Content.Headers.ContentType?.ToString());
        Assert.Equal([1, 2, 3], await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(before, emulator.Emulator.ListObjects());
    }

    [Fact]
    public async Task A_data_folder_is_used_by_one_emulator_at_a_time()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        var options = new EmulatorOptions { Urls = "http://127.0.0.1:0", DataDirectory = emulator.DataDirectory };

        var error = await Assert.ThrowsAsync<IOException>(() => FalStorageEmulator.StartAsync(options));

        Assert.Contains("in use", error.Message);
        using var stillServing = await emulator.HttpClient.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, stillServing.StatusCode);
    }

    [Fact]
    public async Task Debris_of_a_crash_is_swept_at_start()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        var fileUrl = await emulator.HttpClient.UploadAsync(EmulatorFixture.TestKey, [9], fileName: "survivor.png");
        var objects = Path.Combine(emulator.DataDirectory, "objects");
        var stored = Assert.Single(emulator.Emulator.ListObjects());

        var halfWritten = Path.Combine(emulator.DataDirectory, "tmp", "half-written.tmp");
        var uncommitted = Path.Combine(objects, "0123456789abcdef0123456789abcdef", "bytes-without-metadata.bin");
        var replaced = Path.Combine(objects, stored.Id, "replaced-content.bin");
        await emulator.Emulator.StopAsync();
        Directory.CreateDirectory(Path.GetDirectoryName(uncommitted)!);
        foreach (var path in new[] { halfWritten, uncommitted, replaced })
        {
            await File.WriteAllBytesAsync(path, [0]);
        }

        await emulator.RestartAsync();

        Assert.False(File.Exists(halfWritten));
        Assert.False(Directory.Exists(Path.GetDirectoryName(uncommitted)));
        Assert.False(File.Exists(replaced));
        Assert.Equal([9], await emulator.HttpClient.GetByteArrayAsync(fileUrl.PathAndQuery));
    }

    [Fact]
    public async Task Stopping_twice_is_harmless()
    {
        await using var emulator = await EmulatorFixture.StartAsync();

        await emulator.Emulator.StopAsync();
        await emulator.Emulator.StopAsync();
    }

    [Fact]
    public async Task The_base_address_is_the_real_bound_address()
    {
        await using var emulator = await EmulatorFixture.StartAsync();

        Assert.Equal("127.0.0.1", emulator.BaseAddress.Host);
        Assert.NotEqual(0, emulator.BaseAddress.Port);
        Assert.Equal("/", emulator.BaseAddress.AbsolutePath);
        Assert.Equal(Path.GetFullPath(emulator.DataDirectory), emulator.Emulator.DataDirectory);
    }
}
