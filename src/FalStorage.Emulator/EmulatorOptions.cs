using System.Globalization;
using Microsoft.Extensions.Logging;

namespace FalStorage.Emulator;

/// <summary>Settings of one emulator instance. <see cref="Parse"/> reads them from the command line.</summary>
public sealed class EmulatorOptions
{
    public const string DefaultUrls = "http://127.0.0.1:8787";

    public static readonly TimeSpan DefaultUploadUrlLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Cap on the signed URL lifetime (as S3 caps presigned URLs); also keeps expiry arithmetic in range.</summary>
    public static readonly TimeSpan MaxUploadUrlLifetime = TimeSpan.FromDays(7);

    /// <summary>API keys accepted as <c>Authorization: Key &lt;key&gt;</c>. Empty: only <see cref="FalStorageEmulator.DevelopmentKey"/>.</summary>
    public List<string> Keys { get; } = [];

    /// <summary>Folder for objects and the URL signing key. Null: <see cref="DefaultDataDirectory"/>.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Kestrel listen addresses, separated by ';'. Port 0 picks a free port.</summary>
    public string Urls { get; set; } = DefaultUrls;

    public TimeSpan UploadUrlLifetime { get; set; } = DefaultUploadUrlLifetime;

    /// <summary>Minimum level of the emulator's own logs. Warning by default so an in-process emulator stays quiet;
    /// <see cref="Parse"/> starts from Information, as a console tool should.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Warning;

    /// <summary>Runs after the default logging setup (console), e.g. to capture logs in tests.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }

    /// <summary>Clock for URL expiry and timestamps; replaceable so tests can move time.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Set by <see cref="Parse"/> for <c>--help</c>; the caller prints <see cref="HelpText"/>.</summary>
    public bool ShowHelp { get; private set; }

    public static string DefaultDataDirectory
    {
        get
        {
            var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            if (string.IsNullOrEmpty(root))
            {
                root = Path.GetTempPath();
            }

            return Path.Combine(root, "FalStorage", "Emulator");
        }
    }

    public string ResolvedDataDirectory => Path.GetFullPath(DataDirectory ?? DefaultDataDirectory);

    public static string HelpText => $"""
        fal Storage emulator: a local stand-in for fal's storage upload API and CDN.

        Usage: FalStorage.Emulator [options]

        Options:
          --urls <urls>                 Address(es) to listen on, separated by ';'.
                                        Default: {DefaultUrls}
          --key <key>                   An API key to accept as 'Authorization: Key <key>'. Repeat for
                                        several keys. A fal key of the form id:secret is one key.
                                        Without any --key, the development key below is accepted.
          --data <dir>                  Folder for uploaded objects and the URL signing key.
                                        Default: {DefaultDataDirectory}
          --upload-url-lifetime <time>  How long a signed upload URL stays valid: seconds (300) or a
                                        TimeSpan (00:05:00). Default: 300 seconds; at most 7 days.
          --log-level <level>           Trace, Debug, Information, Warning, Error, Critical or None.
                                        Default: Information.
          -h, --help                    Show this help.

        Development key (well known, not a secret; accepted only when no --key is given):
          {FalStorageEmulator.DevelopmentKey}

        Endpoints:
          POST     /storage/upload/initiate?storage_type=fal-cdn-v3   {"{"}"content_type", "file_name"{"}"}
          PUT      /uploads/{"{id}"}?expires=...&signature=...          the upload_url; no Authorization
          GET|HEAD /files/{"{id}"}/{"{file name}"}                          the file_url
          GET      /health
        """;

    /// <summary>Reads command-line arguments (<c>--name value</c> or <c>--name=value</c>).</summary>
    /// <exception cref="ArgumentException">An unknown option, a missing or invalid value.</exception>
    public static EmulatorOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new EmulatorOptions { LogLevel = LogLevel.Information };
        var seen = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < args.Length; i++)
        {
            var (name, inlineValue) = SplitOption(args[i]);
            if (name is "-h" or "--help" or "-?")
            {
                options.ShowHelp = true;
                continue;
            }

            if (name != "--key" && !seen.Add(name))
            {
                throw new ArgumentException($"Option {name} is given more than once.");
            }

            string Value() => inlineValue
                ?? (i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {name} needs a value."));

            switch (name)
            {
                case "--urls":
                    options.Urls = Value();
                    break;
                case "--key":
                    options.Keys.Add(Value());
                    break;
                case "--data":
                    options.DataDirectory = Value();
                    break;
                case "--upload-url-lifetime":
                    options.UploadUrlLifetime = ParseLifetime(Value());
                    break;
                case "--log-level":
                    options.LogLevel = ParseLogLevel(Value());
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'. Run with --help for usage.");
            }
        }

        options.Validate();
        return options;
    }

    /// <exception cref="ArgumentException">A setting the emulator cannot run with.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Urls))
        {
            throw new ArgumentException("--urls must name at least one address.");
        }

        if (DataDirectory is { } data && string.IsNullOrWhiteSpace(data))
        {
            throw new ArgumentException("--data must not be empty.");
        }

        if (UploadUrlLifetime <= TimeSpan.Zero || UploadUrlLifetime > MaxUploadUrlLifetime)
        {
            throw new ArgumentException(
                $"--upload-url-lifetime must be more than zero and at most {MaxUploadUrlLifetime.TotalDays:0} days (was {UploadUrlLifetime}).");
        }

        foreach (var key in Keys)
        {
            // Such a key could never arrive intact in an HTTP header, so accepting it would only hide a typo.
            if (string.IsNullOrWhiteSpace(key) || key.Trim() != key || key.Any(char.IsControl))
            {
                throw new ArgumentException("--key must not be empty, start or end with whitespace, or contain control characters.");
            }
        }
    }

    private static (string Name, string? InlineValue) SplitOption(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0
            ? (arg[..equals], arg[(equals + 1)..])
            : (arg, null);
    }

    private static TimeSpan ParseLifetime(string value)
    {
        if (double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            // Clamped so an absurd number reaches Validate's clear message instead of overflowing TimeSpan.
            return TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2));
        }

        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span))
        {
            return span;
        }

        throw new ArgumentException($"--upload-url-lifetime must be seconds (e.g. 300) or a TimeSpan (e.g. 00:05:00), not '{value}'.");
    }

    private static LogLevel ParseLogLevel(string value) =>
        Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) && Enum.IsDefined(level) && !int.TryParse(value, out _)
            ? level
            : throw new ArgumentException($"--log-level must be one of {string.Join(", ", Enum.GetNames<LogLevel>())}, not '{value}'.");
}
