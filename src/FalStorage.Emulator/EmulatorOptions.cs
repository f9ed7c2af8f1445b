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

    /// <summary>5 GiB, S3's limit for one PUT: room for a 1 GiB single upload and then some.</summary>
    public const long DefaultMaxBodySize = 5L * 1024 * 1024 * 1024;

    /// <summary>5 GiB, S3's limit for one part.</summary>
    public const long DefaultMaxPartSize = 5L * 1024 * 1024 * 1024;

    /// <summary>10 000, S3's limit: with fal's 10 MiB parts, objects of almost 100 GiB.</summary>
    public const int DefaultMaxParts = 10_000;

    /// <summary>Most part numbers a multipart upload can be configured for.</summary>
    public const int MaxMaxParts = 1_000_000;

    /// <summary>1 MiB: an initiate body is a few hundred bytes.</summary>
    public const long DefaultMaxJsonSize = 1024 * 1024;

    /// <summary>Room per listed part in a completion body, on top of <see cref="MaxJsonSize"/>.</summary>
    public const int CompletionBytesPerPart = 128;

    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Two hours: fal's toolkit asks for a token that stays valid for another hour, and fetches a new one
    /// otherwise, so a shorter default would cost a token request per upload. fal's own lifetime is not published.</summary>
    public static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromHours(2);

    /// <summary>How long a multipart upload of the token flow stays open for its parts and its completion: a week, the
    /// customary rule for aborting unfinished multipart uploads in object stores. It outlives any token, since the
    /// client renews its token during a long upload.</summary>
    public static readonly TimeSpan TokenMultipartUploadLifetime = TimeSpan.FromDays(7);

    public static readonly TimeSpan DefaultExpirySweepInterval = TimeSpan.FromMinutes(1);

    /// <summary>API keys accepted as <c>Authorization: Key &lt;key&gt;</c>. Empty: only <see cref="FalStorageEmulator.DevelopmentKey"/>.</summary>
    public List<string> Keys { get; } = [];

    /// <summary>Folder for objects and the URL signing key. Null: <see cref="DefaultDataDirectory"/>.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Kestrel listen addresses, separated by ';'. Port 0 picks a free port.</summary>
    public string Urls { get; set; } = DefaultUrls;

    public TimeSpan UploadUrlLifetime { get; set; } = DefaultUploadUrlLifetime;

    /// <summary>Whether the CDN token flow is offered (<c>POST /storage/auth/token</c>, <c>POST /files/upload</c> and
    /// its multipart calls). Off: those routes are not there (404), as at a service without them, so a client's
    /// fallback to the signed-URL flow can be tested.</summary>
    public bool TokenUpload { get; set; } = true;

    /// <summary>How long a CDN token is valid (its <c>expires_at</c>).</summary>
    public TimeSpan TokenLifetime { get; set; } = DefaultTokenLifetime;

    /// <summary>Largest body of a single PUT; more is refused with 413 and nothing is kept.</summary>
    public long MaxBodySize { get; set; } = DefaultMaxBodySize;

    /// <summary>Largest body of one part of a multipart upload; more is refused with 413.</summary>
    public long MaxPartSize { get; set; } = DefaultMaxPartSize;

    /// <summary>Highest part number, and most parts in a completion; more is refused with 413.</summary>
    public int MaxParts { get; set; } = DefaultMaxParts;

    /// <summary>Largest JSON body of an initiate call (413 beyond). A completion may be larger by
    /// <see cref="CompletionBytesPerPart"/> per part of <see cref="MaxParts"/>, since it lists every part.</summary>
    public long MaxJsonSize { get; set; } = DefaultMaxJsonSize;

    /// <summary>Faults to inject on purpose (off by default). The running emulator consults this very object, so a test
    /// may change it while the emulator runs.</summary>
    public FaultInjection Faults { get; } = new();

    /// <summary>How long stopping waits for requests in flight (e.g. uploads) to finish before it cuts them off.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = DefaultShutdownTimeout;

    /// <summary>How often expired objects (lifecycle) and expired upload URLs are swept from the data folder. An
    /// expired object is 404 at once, whatever this says; this only bounds how long its files stay on disk.</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = DefaultExpirySweepInterval;

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

        Usage: fal-emulator [options]
           (from the repository: dotnet run --project src/FalStorage.Emulator -- [options])

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
          --token-lifetime <time>       How long a CDN token (POST /storage/auth/token) stays valid: seconds
                                        or a TimeSpan. Default: 7200 seconds (2 hours); at most 7 days.
          --no-token-upload             Do not offer the CDN token flow: its routes answer 404, as at a
                                        service without them, so clients fall back to signed URLs.
          --max-body-size <size>        Largest single PUT: bytes or with a unit (KiB, MiB, GiB, TiB;
                                        KB, MB, GB, TB). Over it: 413, nothing kept. Default: 5GiB.
          --max-part-size <size>        Largest part of a multipart upload. Default: 5GiB.
          --max-parts <n>               Highest part number / most parts in a completion. Default: {DefaultMaxParts}.
          --max-json-size <size>        Largest JSON body of an initiate call. Default: 1MiB. A completion may
                                        be larger by {CompletionBytesPerPart} bytes per part of --max-parts.
          --shutdown-timeout <time>     How long Ctrl+C waits for uploads in flight: seconds or a TimeSpan.
                                        Default: 30 seconds.
          --fault {FaultSpecification.RuleSyntax}
                                        Inject faults into requests of some kinds, for testing clients.
                                        Kinds: initiate, put, part, complete, cdn, token, token-upload,
                                        token-multipart, token-part, token-complete, or all; join with '+'.
                                        Settings: error=<rate> (500/502/503 mixed), 429=<rate>,
                                        retry-after=<time> (sent with 429; default 1s), drop=<rate>
                                        (connection closed mid-body), latency=<time> (every request).
                                        Rates 0..1 or percent; times like 50ms, 2s, 1m. Repeatable.
                                        Example: --fault put:error=0.2,429=0.1,drop=0.05,latency=50ms
          --fault-nth {FaultSpecification.NthSyntax}
                                        Deterministic faults: the Nth request of a kind (1-based, counted
                                        from start) fails with error (503), 429 or drop. Repeatable.
                                        Example: --fault-nth part:3=drop --fault-nth put:1,2=429
          --fault-seed <int>            Makes the random faults reproducible.
          --log-level <level>           Trace, Debug, Information, Warning, Error, Critical or None.
                                        Default: Information.
          -h, --help                    Show this help.

        Faults are off unless asked for; when on, the emulator says so in a warning at start.

        Development key (well known, not a secret; accepted only when no --key is given):
          {FalStorageEmulator.DevelopmentKey}

        Endpoints:
          POST     /storage/upload/initiate?storage_type=fal-cdn-v3             {"{"}"content_type", "file_name"{"}"}
          POST     /storage/upload/initiate-multipart?storage_type=fal-cdn-v3   the same body and answer
                   (both accept X-Fal-Object-Lifecycle: {"{"}"expiration_duration_seconds": N{"}"})
          PUT      /uploads/{"{id}"}?expires=...&signature=...                    the upload_url; no Authorization
          PUT      /uploads/{"{id}"}/{"{N}"}?expires=...&signature=...                part N of a multipart upload
          POST     /uploads/{"{id}"}/complete?expires=...&signature=...           {"{"}"parts": [{"{"}"partNumber", "etag"{"}"}]{"}"}
          GET|HEAD /files/{"{id}"}/{"{file name}"}                                    the file_url (Range, ETag)
          GET      /health

        CDN token flow (fal's Python client; off with --no-token-upload):
          POST     /storage/auth/token?storage_type=fal-cdn-v3   Key auth, body {"{}"} -> token, base_url, expires_at
          POST     /files/upload                      Bearer token, Content-Type, X-Fal-File-Name; raw body
          POST     /files/upload/multipart            the same headers, no body -> access_url, uploadId
          PUT      {"{access_url}"}/multipart/{"{uploadId}"}/{"{N}"}      part N, Bearer token -> ETag
          POST     {"{access_url}"}/multipart/{"{uploadId}"}/complete     {"{"}"parts": [{"{"}"partNumber", "etag"{"}"}]{"}"}
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

            if (name is not ("--key" or "--fault" or "--fault-nth") && !seen.Add(name))
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
                    options.UploadUrlLifetime = ParseTime(name, Value());
                    break;
                case "--token-lifetime":
                    options.TokenLifetime = ParseTime(name, Value());
                    break;
                case "--no-token-upload":
                    options.TokenUpload = inlineValue is null ? false : throw new ArgumentException($"Option {name} takes no value.");
                    break;
                case "--log-level":
                    options.LogLevel = ParseLogLevel(Value());
                    break;
                case "--max-body-size":
                    options.MaxBodySize = ParseSize(name, Value());
                    break;
                case "--max-part-size":
                    options.MaxPartSize = ParseSize(name, Value());
                    break;
                case "--max-parts":
                    options.MaxParts = ParseCount(name, Value());
                    break;
                case "--max-json-size":
                    options.MaxJsonSize = ParseSize(name, Value());
                    break;
                case "--shutdown-timeout":
                    options.ShutdownTimeout = ParseTime(name, Value());
                    break;
                case "--fault":
                    FaultSpecification.ApplyRule(options.Faults, Value());
                    break;
                case "--fault-nth":
                    FaultSpecification.ApplyNth(options.Faults, Value());
                    break;
                case "--fault-seed":
                    options.Faults.Seed = int.TryParse(Value(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed)
                        ? seed
                        : throw new ArgumentException("--fault-seed must be a whole number.");
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

        CheckLifetime("--upload-url-lifetime", UploadUrlLifetime);
        CheckLifetime("--token-lifetime", TokenLifetime);

        CheckSize("--max-body-size", MaxBodySize);
        CheckSize("--max-part-size", MaxPartSize);
        CheckSize("--max-json-size", MaxJsonSize);
        if (MaxParts < 1 || MaxParts > MaxMaxParts)
        {
            throw new ArgumentException($"--max-parts must be from 1 to {MaxMaxParts} (was {MaxParts}).");
        }

        if (ShutdownTimeout < TimeSpan.Zero || ShutdownTimeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentException($"--shutdown-timeout must be from zero to an hour (was {ShutdownTimeout}).");
        }

        if (ExpirySweepInterval <= TimeSpan.Zero || ExpirySweepInterval > TimeSpan.FromDays(1))
        {
            throw new ArgumentException($"The expiry sweep interval must be more than zero and at most a day (was {ExpirySweepInterval}).");
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

    /// <summary>The body limit of a completion, which lists every part.</summary>
    internal long MaxCompletionSize => MaxJsonSize + ((long)MaxParts * CompletionBytesPerPart);

    private static void CheckLifetime(string option, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > MaxUploadUrlLifetime)
        {
            throw new ArgumentException($"{option} must be more than zero and at most {MaxUploadUrlLifetime.TotalDays:0} days (was {value}).");
        }
    }

    private static void CheckSize(string option, long value)
    {
        if (value < 1)
        {
            throw new ArgumentException($"{option} must be at least 1 byte (was {value}).");
        }
    }

    private static (string Name, string? InlineValue) SplitOption(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0
            ? (arg[..equals], arg[(equals + 1)..])
            : (arg, null);
    }

    /// <summary>Bytes, or a number with a unit: KiB, MiB, GiB, TiB (powers of 1024) or KB, MB, GB, TB (of 1000).</summary>
    internal static long ParseSize(string option, string value)
    {
        (string Unit, long Factor)[] units =
        [
            ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40),
            ("KB", 1000L), ("MB", 1000L * 1000), ("GB", 1000L * 1000 * 1000), ("TB", 1000L * 1000 * 1000 * 1000),
            ("B", 1L),
        ];
        var trimmed = value.Trim();
        var (number, factor) = (trimmed, 1L);
        foreach (var (unit, unitFactor) in units)
        {
            if (trimmed.EndsWith(unit, StringComparison.OrdinalIgnoreCase))
            {
                (number, factor) = (trimmed[..^unit.Length].TrimEnd(), unitFactor);
                break;
            }
        }

        if (decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            && amount <= long.MaxValue / 2 / factor
            && amount * factor is var bytes && bytes >= 1 && bytes == decimal.Truncate(bytes))
        {
            return (long)bytes;
        }

        throw new ArgumentException($"{option} must be a whole number of bytes of at least 1, optionally with a unit (e.g. 1048576, 512KiB, 5GiB), not '{value}'.");
    }

    private static int ParseCount(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new ArgumentException($"{option} must be a whole number, not '{value}'.");

    private static TimeSpan ParseTime(string option, string value)
    {
        if (double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            // Clamped so an absurd number reaches Validate's clear message instead of overflowing TimeSpan.
            return TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2));
        }

        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span)
            ? span
            : throw new ArgumentException($"{option} must be seconds (e.g. 30) or a TimeSpan (e.g. 00:00:30), not '{value}'.");
    }

    private static LogLevel ParseLogLevel(string value) =>
        Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) && Enum.IsDefined(level) && !int.TryParse(value, out _)
            ? level
            : throw new ArgumentException($"--log-level must be one of {string.Join(", ", Enum.GetNames<LogLevel>())}, not '{value}'.");
}
