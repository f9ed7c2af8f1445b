using FalStorage.Emulator.Accounts;
using FalStorage.Emulator.Faults;
using FalStorage.Emulator.Security;
using FalStorage.Emulator.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace FalStorage.Emulator;

/// <summary>A running local fal Storage service: the upload API and the CDN, on Kestrel.</summary>
public sealed partial class FalStorageEmulator : IAsyncDisposable
{
    /// <summary>The well-known development key, accepted when no key is configured (like Azurite's account key).
    /// Not a secret: never use it outside local development.</summary>
    public const string DevelopmentKey = "fal-emulator-dev-id:fal-emulator-dev-secret";

    private readonly WebApplication app;
    private readonly DataFolder folder;
    private readonly ObjectStore store;
    private readonly UploadRegistry uploads;
    private readonly ITimer sweeper;
    private int stopped;

    private FalStorageEmulator(
        WebApplication app, DataFolder folder, ObjectStore store, UploadRegistry uploads, FaultInjection faults, TimeSpan sweepInterval, IReadOnlyList<Uri> addresses)
    {
        this.app = app;
        this.folder = folder;
        this.store = store;
        this.uploads = uploads;
        Faults = faults;
        Addresses = addresses;

        // Real time, not the options' TimeProvider: a test's manual clock would never tick. Expiry itself is judged
        // by the TimeProvider, and an expired object is 404 at once; the sweep only removes its files.
        sweeper = TimeProvider.System.CreateTimer(_ => Sweep(), null, sweepInterval, sweepInterval);
    }

    /// <summary>The first address listened on, with the real port (when port 0 was asked for) and a trailing slash.</summary>
    public Uri BaseAddress => Addresses[0];

    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>The full path of the data folder in use.</summary>
    public string DataDirectory => folder.Root;

    /// <summary>The fault injection in effect: the options' <see cref="EmulatorOptions.Faults"/>, live.</summary>
    public FaultInjection Faults { get; }

    /// <summary>Starts listening; returns once requests are served.</summary>
    /// <exception cref="ArgumentException">Invalid <paramref name="options"/>.</exception>
    /// <exception cref="IOException">The data folder is in use by another emulator, or an address is taken.</exception>
    public static async Task<FalStorageEmulator> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var folder = DataFolder.Open(options.ResolvedDataDirectory);
        WebApplication? app = null;
        try
        {
            app = EmulatorApplication.Build(options, folder);

            // Resolved before the start, so that a data folder the store or the registry cannot read fails it.
            var store = app.Services.GetRequiredService<ObjectStore>();
            var uploads = app.Services.GetRequiredService<UploadRegistry>();
            options.Faults.ResetCounts();
            await app.StartAsync(cancellationToken);

            var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
                .Select(address => new Uri(address.TrimEnd('/') + "/"))
                .ToList();
            if (options.Faults.IsActive)
            {
                var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<FalStorageEmulator>();
                LogFaultsOn(logger, options.Faults.ToString());
                if (FaultReach.Unmet(options.Faults, options.TokenUpload) is { } unmet)
                {
                    LogFaultsUnmet(logger, unmet);
                }
            }

            return new FalStorageEmulator(app, folder, store, uploads, options.Faults, options.ExpirySweepInterval, addresses);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            folder.Dispose();
            throw;
        }
    }

    /// <summary>The users: one per <see cref="EmulatorOptions.Users"/> entry and one per plain key, with their ids.</summary>
    public IReadOnlyList<EmulatorAccount> Users => app.Services.GetRequiredService<UserDirectory>().Accounts;

    /// <summary>The user with this nickname (case-insensitive) or id.</summary>
    /// <exception cref="KeyNotFoundException">No such user.</exception>
    public EmulatorAccount User(string nicknameOrId) =>
        app.Services.GetRequiredService<UserDirectory>().Find(nicknameOrId) ?? throw new KeyNotFoundException($"The emulator has no user {nicknameOrId}.");

    /// <summary>The completely uploaded objects that have not expired, oldest first.</summary>
    public IReadOnlyList<StoredObject> ListObjects() => store.List();

    /// <summary>Deletes now what the periodic sweep would delete later: objects whose lifecycle ran out, and uploads
    /// whose URL expired (with their staged parts) unless a request for them is in flight. Returns how many.</summary>
    public int RemoveExpired() => store.RemoveExpired() + uploads.RemoveExpired();

    /// <summary>The periodic sweep: on a timer thread, where an exception would end the process.</summary>
    private void Sweep()
    {
        try
        {
            RemoveExpired();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            // Best effort: what is left is swept next time, or at the next start.
        }
    }

    /// <summary>The fingerprint recorded for uploads initiated with <paramref name="key"/>: a truncated SHA-256, never the key.</summary>
    public static string FingerprintKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return KeyAuthenticator.Fingerprint(key);
    }

    /// <summary>Stops listening, lets requests in flight finish (up to <see cref="EmulatorOptions.ShutdownTimeout"/>),
    /// and releases the data folder. Safe to call twice.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        try
        {
            await sweeper.DisposeAsync();
            await app.StopAsync();
            await app.DisposeAsync();
        }
        finally
        {
            folder.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    [LoggerMessage(Level = LogLevel.Warning, Message = "FAULT INJECTION IS ON: this emulator fails requests on purpose. {Faults}")]
    private static partial void LogFaultsOn(ILogger logger, string faults);

    [LoggerMessage(Level = LogLevel.Warning, Message = "FAULT INJECTION MAY MISS THE UPLOADS: {Unmet}")]
    private static partial void LogFaultsUnmet(ILogger logger, string unmet);
}
