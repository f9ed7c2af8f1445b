using System.Text.RegularExpressions;
using FalStorage.Emulator.Accounts;
using FalStorage.Emulator.CommandLine;
using FalStorage.Emulator.Faults;

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

    public static readonly TimeSpan DefaultMaxObjectLifetime = TimeSpan.FromDays(10 * 366);

    /// <summary>How long a multipart upload of the token flow stays open for its parts and its completion: a week, the
    /// customary rule for aborting unfinished multipart uploads in object stores. It outlives any token, since the
    /// client renews its token during a long upload.</summary>
    public static readonly TimeSpan TokenMultipartUploadLifetime = TimeSpan.FromDays(7);

    public static readonly TimeSpan DefaultExpirySweepInterval = TimeSpan.FromMinutes(1);

    /// <summary>API keys accepted as <c>Authorization: Key &lt;key&gt;</c>. Empty: only <see cref="FalStorageEmulator.DevelopmentKey"/>.</summary>
    public List<string> Keys { get; } = [];

    /// <summary>Users, each with its key (<c>--user NICKNAME=KEY</c>) and its permissions (<c>--user-permissions</c>).
    /// Each of <see cref="Keys"/> is a user of its own too; with neither, the development key is.</summary>
    public List<EmulatorUser> Users { get; } = [];

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

    /// <summary>The longest lifetime an upload may ask for (<c>expiration_duration_seconds</c>); more is a 422. Ten years
    /// of 366 days by default, as the module's own limit: fal publishes none.</summary>
    public TimeSpan MaxObjectLifetime { get; set; } = DefaultMaxObjectLifetime;

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

    /// <summary>Uploads not completed within this time of their start (initiate, or the token flow's multipart start)
    /// are forgotten with their staged parts, at start-up and by the sweep (<see cref="ExpirySweepInterval"/>), as if their
    /// URL had expired; null (default): they stay until it does (for the token flow, 7 days). Frees the disk of uploads a
    /// client gave up on, e.g. with Ctrl+C.</summary>
    public TimeSpan? PurgeIncompleteAfter { get; set; }

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
    public bool ShowHelp { get; internal set; }

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

    /// <summary>The command line's help: every option, the endpoints and the development key.</summary>
    public static string HelpText => EmulatorCommandLine.HelpText;

    /// <summary>Reads command-line arguments (<c>--name value</c> or <c>--name=value</c>); see <see cref="HelpText"/>.</summary>
    /// <exception cref="ArgumentException">An unknown option, a missing or invalid value.</exception>
    public static EmulatorOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return EmulatorCommandLine.Parse(args);
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
        if (MaxObjectLifetime < TimeSpan.FromSeconds(1) || MaxObjectLifetime > DefaultMaxObjectLifetime)
        {
            throw new ArgumentException($"MaxObjectLifetime must be from a second to {DefaultMaxObjectLifetime.TotalDays:0} days (was {MaxObjectLifetime}).");
        }

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

        if (PurgeIncompleteAfter is { } purge && (purge <= TimeSpan.Zero || purge > MaxUploadUrlLifetime))
        {
            throw new ArgumentException($"--purge-incomplete-after must be more than zero and at most 7 days (was {purge}).");
        }

        if (ExpirySweepInterval <= TimeSpan.Zero || ExpirySweepInterval > TimeSpan.FromDays(1))
        {
            throw new ArgumentException($"The expiry sweep interval must be more than zero and at most a day (was {ExpirySweepInterval}).");
        }

        foreach (var user in Users)
        {
            if (user is null || !NicknamePattern.IsMatch(user.Nickname ?? "") || user.Nickname!.StartsWith("usr_", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"--user '{user?.Nickname}': a nickname is 1 to 64 letters, digits, '-' or '_', starts with a letter or digit, and does not start with usr_.");
            }

            if ((user.Permissions & ~KeyPermissions.All) != 0)
            {
                throw new ArgumentException($"--user-permissions {user.Nickname}: unknown permission bits ({user.Permissions}).");
            }
        }

        if (Users.GroupBy(user => user.Nickname, StringComparer.OrdinalIgnoreCase).FirstOrDefault(group => group.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"--user {twice.Key} is given twice (nicknames are case-insensitive).");
        }

        if (Users.GroupBy(user => user.Key, StringComparer.Ordinal).Any(group => group.Count() > 1))
        {
            throw new ArgumentException("Two --user options give the same key: each user needs a key of its own.");
        }

        foreach (var key in Keys.Concat(Users.Select(user => user.Key)))
        {
            // Such a key could never arrive intact in an HTTP header, so accepting it would only hide a typo.
            if (string.IsNullOrWhiteSpace(key) || key.Trim() != key || key.Any(char.IsControl))
            {
                throw new ArgumentException("--key must not be empty, start or end with whitespace, or contain control characters.");
            }
        }
    }

    private static readonly Regex NicknamePattern = new("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant);

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
}
