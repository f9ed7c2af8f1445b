using System.Text;
using FalStorage.Emulator.Accounts;
using FalStorage.Emulator.Http;
using FalStorage.Emulator.Security;
using FalStorage.Emulator.Storage;
using Microsoft.AspNetCore.Connections;

namespace FalStorage.Emulator;

/// <summary>The one place that wires the emulator: its storage and security over the data folder, and the ASP.NET
/// Core application (Kestrel, logging, middleware, endpoints) that serves them.</summary>
internal static class EmulatorApplication
{
    private const string SigningKeyFileName = "signing.key";

    /// <summary>Builds the application over an open data folder; <see cref="ObjectStore"/> and
    /// <see cref="UploadRegistry"/> are among its services, and the application disposes them.</summary>
    public static WebApplication Build(EmulatorOptions options, DataFolder folder)
    {
        // The empty builder reads no appsettings, environment variables or arguments: the options alone decide,
        // which keeps an emulator inside a test process independent of that process's environment.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorApplication).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // The limit of JSON requests; the upload endpoints set theirs per request (see UploadBodies).
            kestrel.Limits.MaxRequestBodySize = options.MaxJsonSize;

            // A file name in a header may be UTF-8 (other headers stay ASCII); bytes that are not UTF-8 are a 400.
            var fileNameEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
            kestrel.RequestHeaderEncodingSelector = name =>
                name.Equals(TokenUploadHeaders.FileNameHeader, StringComparison.OrdinalIgnoreCase) ? fileNameEncoding : null;
        });
        builder.WebHost.UseUrls(options.Urls);

        // Uploads are large bodies: read the socket straight away rather than first waiting for data with a
        // zero-byte read, which halves the receive calls per body. Idle connections hold a buffer instead.
        builder.WebHost.UseSockets(sockets => sockets.WaitForDataBeforeAllocatingBuffer = false);

        // After Kestrel's own: the last registration is the one resolved, so the transport receives in 64 KiB blocks.
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>();

        ConfigureLogging(builder.Logging, options);

        // The process that owns the emulator decides when it stops (Ctrl+C in Program, Dispose in tests).
        builder.Services.AddSingleton<IHostLifetime, PassiveHostLifetime>();

        // Stopping lets requests in flight (uploads) finish for this long, then cuts them off.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.AddRoutingCore();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);
        AddStorageAndSecurity(builder.Services, options, folder);

        var app = builder.Build();
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseMiddleware<JsonErrorMiddleware>();
        app.UseRouting();
        app.UseMiddleware<FaultInjectionMiddleware>();
        app.MapStorageEndpoints();
        if (options.TokenUpload)
        {
            app.MapTokenEndpoints();
        }

        app.MapPlatformEndpoints();
        app.MapCdnEndpoints();
        app.MapHealthEndpoints();
        return app;
    }

    private static void AddStorageAndSecurity(IServiceCollection services, EmulatorOptions options, DataFolder folder)
    {
        var signingKey = folder.ReadOrCreateSecret(SigningKeyFileName, UrlSigner.KeySize);
        var users = new UserDirectory(options, signingKey);
        services.AddSingleton(options.TimeProvider);
        services.AddSingleton(folder);
        services.AddSingleton<ObjectStore>();
        services.AddSingleton(users);
        services.AddSingleton<SettingsStore>();
        services.AddSingleton(new SignedLinkSigner(signingKey, options.TimeProvider));
        services.AddSingleton(provider => new UploadRegistry(folder, provider.GetRequiredService<ObjectStore>(), options.TimeProvider, options.PurgeIncompleteAfter));
        services.AddSingleton(EmulatorLimits.From(options));
        services.AddSingleton(options.Faults);
        services.AddSingleton(new UrlSigner(signingKey, options.UploadUrlLifetime, options.TimeProvider));
        services.AddSingleton(new KeyAuthenticator(users.Keys));
        services.AddSingleton(new CdnTokenIssuer(signingKey, users.Accounts.Select(account => account.KeyFingerprint), options.TokenLifetime, options.TimeProvider));
    }

    private static void ConfigureLogging(ILoggingBuilder logging, EmulatorOptions options)
    {
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddFilter("FalStorage", options.LogLevel);

        // ASP.NET's own request logs print full URLs, and upload URLs carry signatures.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

        // The host's start and stop failures reach the caller as exceptions; logged too, they print twice.
        logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        options.ConfigureLogging?.Invoke(logging);
    }

    private sealed class PassiveHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
