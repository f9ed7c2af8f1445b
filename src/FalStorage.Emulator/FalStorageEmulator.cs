using FalStorage.Emulator.Http;
using FalStorage.Emulator.Security;
using FalStorage.Emulator.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace FalStorage.Emulator;

/// <summary>A running local fal Storage service: the upload API and the CDN, on Kestrel.</summary>
public sealed class FalStorageEmulator : IAsyncDisposable
{
    /// <summary>The well-known development key, accepted when no key is configured (like Azurite's account key).
    /// Not a secret: never use it outside local development.</summary>
    public const string DevelopmentKey = "fal-emulator-dev-id:fal-emulator-dev-secret";

    private const string SigningKeyFileName = "signing.key";

    private readonly WebApplication app;
    private readonly DataFolder folder;
    private readonly ObjectStore store;
    private int stopped;

    private FalStorageEmulator(WebApplication app, DataFolder folder, ObjectStore store, IReadOnlyList<Uri> addresses)
    {
        this.app = app;
        this.folder = folder;
        this.store = store;
        Addresses = addresses;
    }

    /// <summary>The first address listened on, with the real port (when port 0 was asked for) and a trailing slash.</summary>
    public Uri BaseAddress => Addresses[0];

    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>The full path of the data folder in use.</summary>
    public string DataDirectory => folder.Root;

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
            var store = new ObjectStore(folder, options.TimeProvider);
            var signer = new UrlSigner(folder.ReadOrCreateSecret(SigningKeyFileName, UrlSigner.KeySize), options.UploadUrlLifetime, options.TimeProvider);
            var authenticator = new KeyAuthenticator(options.Keys.Count > 0 ? options.Keys : [DevelopmentKey]);
            app = EmulatorApp.Build(options, store, signer, authenticator);
            await app.StartAsync(cancellationToken);

            var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
                .Select(address => new Uri(address.TrimEnd('/') + "/"))
                .ToList();
            return new FalStorageEmulator(app, folder, store, addresses);
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

    /// <summary>The completely uploaded objects, oldest first.</summary>
    public IReadOnlyList<StoredObject> ListObjects() => store.List();

    /// <summary>The fingerprint recorded for uploads initiated with <paramref name="key"/>: a truncated SHA-256, never the key.</summary>
    public static string FingerprintKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return KeyAuthenticator.Fingerprint(key);
    }

    /// <summary>Stops listening, lets requests in flight finish, and releases the data folder. Safe to call twice.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }

        try
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        finally
        {
            folder.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
