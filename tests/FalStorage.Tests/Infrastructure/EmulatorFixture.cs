using System.Diagnostics.CodeAnalysis;
using FalStorage.Emulator;

namespace FalStorage.Tests.Infrastructure;

/// <summary>
/// An in-process fal Storage emulator on a free loopback port, with a fresh data folder (deleted on dispose)
/// and a known test key. Use as <c>IClassFixture&lt;EmulatorFixture&gt;</c>, or <see cref="StartAsync"/> for an
/// instance of one's own with other options.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>Shaped like a fal key, id:secret; the emulator takes the whole string as the key.</summary>
    public const string TestKey = "test-key-id:test-key-secret";

    private readonly Action<EmulatorOptions>? configure;
    private FalStorageEmulator? emulator;
    private HttpClient? httpClient;

    public EmulatorFixture()
        : this(configure: null)
    {
    }

    private EmulatorFixture(Action<EmulatorOptions>? configure)
    {
        this.configure = configure;
        DataDirectory = Directory.CreateTempSubdirectory("falstorage-emulator-").FullName;
    }

    public FalStorageEmulator Emulator => emulator ?? throw new InvalidOperationException("The emulator is not running.");

    public Uri BaseAddress => Emulator.BaseAddress;

    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Tests read the key through the fixture xunit hands them, beside its other members.")]
    public string Key => TestKey;

    public string DataDirectory { get; }

    /// <summary>Shared client with <see cref="BaseAddress"/> set and no credentials: each test says what it sends.</summary>
    public HttpClient HttpClient => httpClient ?? throw new InvalidOperationException("The emulator is not running.");

    /// <summary>Starts an emulator of one's own; <paramref name="configure"/> adjusts the options first.</summary>
    public static async Task<EmulatorFixture> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var fixture = new EmulatorFixture(configure);
        try
        {
            await fixture.InitializeAsync();
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
    }

    public async Task InitializeAsync()
    {
        var options = new EmulatorOptions { Urls = "http://127.0.0.1:0", DataDirectory = DataDirectory };
        options.Keys.Add(TestKey);
        configure?.Invoke(options);
        emulator = await FalStorageEmulator.StartAsync(options);
        httpClient = new HttpClient { BaseAddress = emulator.BaseAddress };
    }

    /// <summary>Stops the emulator and starts a new one on the same data folder (and a new port).</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private async Task StopAsync()
    {
        httpClient?.Dispose();
        httpClient = null;
        if (emulator is not null)
        {
            await emulator.DisposeAsync();
            emulator = null;
        }
    }
}
