using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;
using FalStorage.Emulator.Accounts;
using FalStorage.Emulator.Faults;

namespace FalStorage.Emulator.CommandLine;

/// <summary>The emulator's command line: every option declared once, with its help; <see cref="Parse"/> turns the
/// arguments into <see cref="EmulatorOptions"/>.</summary>
internal sealed class EmulatorCommandLine
{
    private const string TimeSyntax = "seconds (e.g. 30), a number with a unit (500ms, 2s, 5m) or a TimeSpan (00:00:30)";

    // Parsed as written: no response files (a key or folder may start with '@') and no bundling of short options.
    private static readonly ParserConfiguration Configuration = new() { EnablePosixBundling = false, ResponseFileTokenReplacer = null };

    private readonly Option<string> urls = Text("--urls", "urls", $"Address(es) to listen on, separated by ';'. Port 0 picks a free port. Default: {EmulatorOptions.DefaultUrls}");

    private readonly Option<List<string>> keys = Repeatable(
        "--key", "key", "An API key to accept as 'Authorization: Key <key>'. Repeat for several keys. A fal key of the form "
        + "id:secret is one key. Without any --key or --user, the development key below is accepted.");

    private readonly Option<List<string>> users = Repeatable(
        "--user", "nickname=key", "A user and its API key: the key is accepted, and what it uploads is that user's (its id, usr_..., "
        + "stays the same for the nickname and the data folder). Repeat for several users. A plain --key is a user of its own, "
        + "nicknamed key-<8 hex digits of its fingerprint>. Example: --user alice=alice-key --user bob=bob-key");

    private readonly Option<List<string>> userPermissions = Repeatable(
        "--user-permissions", "nickname=permissions", "Give a --user's key only these permissions on the Platform API (/v1), "
        + "comma-separated: assets:read, assets:write, account:settings:read, account:settings:write, or none. Default: all. "
        + "Example: --user-permissions bob=assets:read");

    private readonly Option<string> data = Text("--data", "dir", $"Folder for uploaded objects and the URL signing key. Default: {EmulatorOptions.DefaultDataDirectory}");

    private readonly Option<TimeSpan> uploadUrlLifetime = Time(
        "--upload-url-lifetime", "How long a signed upload URL stays valid. Default: 300 seconds; at most 7 days.");

    private readonly Option<TimeSpan> tokenLifetime = Time(
        "--token-lifetime", "How long a CDN token (POST /storage/auth/token) stays valid. Default: 7200 seconds (2 hours); at most 7 days.");

    private readonly Option<TimeSpan> purgeIncompleteAfter = Time(
        "--purge-incomplete-after", "Forget uploads not completed within this time of their start, and delete their staged parts: "
        + "at start-up and every minute. Default: off (kept until the upload URL expires; the token flow's multipart uploads 7 days).");

    private readonly Option<bool> noTokenUpload = Flag(
        "--no-token-upload", "Do not offer the CDN token flow: its routes answer 404, as at a service without them, so clients fall back to signed URLs.");

    private readonly Option<long> maxBodySize = Size(
        "--max-body-size", "Largest single PUT: bytes or with a unit (KiB, MiB, GiB, TiB; KB, MB, GB, TB). Over it: 413, nothing kept. Default: 5GiB.");

    private readonly Option<long> maxPartSize = Size("--max-part-size", "Largest part of a multipart upload. Default: 5GiB.");

    private readonly Option<int> maxParts = Single<int>(
        "--max-parts", "n", $"Highest part number / most parts in a completion. Default: {EmulatorOptions.DefaultMaxParts}.",
        (string text, out int count) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count),
        text => $"--max-parts must be a whole number, not '{text}'.");

    private readonly Option<long> maxJsonSize = Size(
        "--max-json-size", $"Largest JSON body of an initiate call. Default: 1MiB. A completion may be larger by {EmulatorOptions.CompletionBytesPerPart} bytes per part of --max-parts.");

    private readonly Option<TimeSpan> shutdownTimeout = Time(
        "--shutdown-timeout", "How long Ctrl+C waits for uploads in flight. Default: 30 seconds; at most an hour.");

    private readonly Option<List<string>> faults = Repeatable(
        "--fault", "kinds:settings",
        $"{FaultSpecification.RuleSyntax}: inject faults into requests of some kinds, for testing clients. Kinds: initiate, put, part, complete, cdn, token, "
        + "token-upload, token-multipart, token-part, token-complete, platform (the /v1 Platform API), or all; join with '+'. Settings: error=<rate> (500/502/503 "
        + "mixed), 429=<rate>, retry-after=<time> (sent with 429; default 1s), drop=<rate> (connection closed mid-body), "
        + "locked=<rate> (403 'User is locked', as fal answers an account with an exhausted balance; for token and initiate), "
        + "latency=<time> (every request). Rates 0..1 or percent; times with a unit (50ms, 2s, 1m) or a TimeSpan. Repeatable. "
        + "Example (single uploads of both flows): --fault put+token-upload:error=0.2,429=0.1,drop=0.05,latency=50ms");

    private readonly Option<List<string>> faultNth = Repeatable(
        "--fault-nth", "kinds:n=action",
        $"{FaultSpecification.NthSyntax}: deterministic faults: the Nth request of a kind (1-based, counted from start) fails with error (503), 429, drop "
        + "or locked (403, a locked account). Repeatable. Example: --fault-nth part+token-part:3=drop --fault-nth put+token-upload:1,2=429");

    private readonly Option<int> faultSeed = Single<int>(
        "--fault-seed", "int", "Makes the random faults reproducible.",
        (string text, out int seed) => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed),
        _ => "--fault-seed must be a whole number.");

    private readonly Option<LogLevel> logLevel = Single<LogLevel>(
        "--log-level", "level", "Trace, Debug, Information, Warning, Error, Critical or None. Default: Information.",
        (string text, out LogLevel level) => Enum.TryParse(text, ignoreCase: true, out level) && Enum.IsDefined(level) && !int.TryParse(text, out _),
        text => $"--log-level must be one of {string.Join(", ", Enum.GetNames<LogLevel>())}, not '{text}'.");

    private readonly HelpOption help = new("--help", "-h", "-?") { Description = "Show this help." };

    private readonly Command command;

    private EmulatorCommandLine()
    {
        command = new Command("fal-emulator", EmulatorHelp.Synopsis)
        {
            urls, keys, users, userPermissions, data, uploadUrlLifetime, tokenLifetime, noTokenUpload, maxBodySize, maxPartSize, maxParts, maxJsonSize,
            shutdownTimeout, purgeIncompleteAfter, faults, faultNth, faultSeed, logLevel, help,
        };
    }

    private delegate bool TryParse<T>(string text, out T value);

    /// <summary>The help, generated from the options, with the endpoints and the development key after them.</summary>
    public static string HelpText { get; } = new EmulatorCommandLine().WriteHelp();

    /// <exception cref="ArgumentException">An unknown option, a missing or invalid value.</exception>
    public static EmulatorOptions Parse(IReadOnlyList<string> args) => new EmulatorCommandLine().Bind(args);

    private string WriteHelp() => EmulatorHelp.Write(command, help);

    private EmulatorOptions Bind(IReadOnlyList<string> args)
    {
        var result = command.Parse(args, Configuration);
        var options = new EmulatorOptions { LogLevel = LogLevel.Information };
        if (result.Action is HelpAction)
        {
            options.ShowHelp = true;
            return options;
        }

        if (result.UnmatchedTokens is [var unmatched, ..])
        {
            // A flag given a value (--no-token-upload=yes) leaves the value unmatched: name the flag, not the value.
            var flag = command.Options.FirstOrDefault(option => args.Contains($"{option.Name}={unmatched}"));
            throw new ArgumentException(flag is not null
                ? $"Option {flag.Name} takes no value."
                : $"Unknown option '{unmatched}'. Run with --help for usage.");
        }

        if (result.Errors.Count > 0)
        {
            throw new ArgumentException(result.Errors[0].Message);
        }

        void Given<T>(Option<T> option, Action<T> apply)
        {
            if (result.GetResult(option) is { Implicit: false })
            {
                apply(result.GetValue(option)!);
            }
        }

        Given(urls, value => options.Urls = value);
        Given(keys, options.Keys.AddRange);
        Given(users, values => values.ForEach(value => options.Users.Add(ParseUser(value))));
        Given(userPermissions, values => values.ForEach(value => ApplyPermissions(options, value)));
        Given(data, value => options.DataDirectory = value);
        Given(uploadUrlLifetime, value => options.UploadUrlLifetime = value);
        Given(tokenLifetime, value => options.TokenLifetime = value);
        Given(noTokenUpload, _ => options.TokenUpload = false);
        Given(maxBodySize, value => options.MaxBodySize = value);
        Given(maxPartSize, value => options.MaxPartSize = value);
        Given(maxParts, value => options.MaxParts = value);
        Given(maxJsonSize, value => options.MaxJsonSize = value);
        Given(shutdownTimeout, value => options.ShutdownTimeout = value);
        Given(purgeIncompleteAfter, value => options.PurgeIncompleteAfter = value);
        Given(faults, rules => rules.ForEach(rule => FaultSpecification.ApplyRule(options.Faults, rule)));
        Given(faultNth, rules => rules.ForEach(rule => FaultSpecification.ApplyNth(options.Faults, rule)));
        Given(faultSeed, value => options.Faults.Seed = value);
        Given(logLevel, value => options.LogLevel = value);
        options.Validate();
        return options;
    }

    /// <summary><c>alice=key</c>: the nickname is up to the first '=', the key is the rest (it may hold '=').</summary>
    private static EmulatorUser ParseUser(string value)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 && equals < value.Length - 1
            ? new EmulatorUser(value[..equals], value[(equals + 1)..])
            : throw new ArgumentException("--user must be nickname=key, e.g. --user alice=alice-key.");
    }

    /// <summary><c>bob=assets:read,assets:write</c>, for a user given by --user.</summary>
    private static void ApplyPermissions(EmulatorOptions options, string value)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ArgumentException("--user-permissions must be nickname=permission[,permission...], e.g. --user-permissions bob=assets:read.");
        }

        var nickname = value[..equals];
        var index = options.Users.FindIndex(user => user.Nickname.Equals(nickname, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            throw new ArgumentException($"--user-permissions {nickname}: no --user {nickname}=<key> is given.");
        }

        try
        {
            options.Users[index] = options.Users[index] with { Permissions = KeyPermissionNames.Parse(value[(equals + 1)..]) };
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"--user-permissions {nickname}: {ex.Message}", ex);
        }
    }

    private static Option<string> Text(string name, string valueName, string description) =>
        new(name) { HelpName = valueName, Description = description };

    private static Option<List<string>> Repeatable(string name, string valueName, string description) =>
        new(name) { HelpName = valueName, Description = description, Arity = ArgumentArity.OneOrMore };

    private static Option<bool> Flag(string name, string description)
    {
        var option = new Option<bool>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.IdentifierTokenCount > 1)
            {
                result.AddError($"Option {name} is given more than once.");
            }
            else if (result.Tokens.Count > 0)
            {
                result.AddError($"Option {name} takes no value.");
            }
        });
        return option;
    }

    private static Option<TimeSpan> Time(string name, string description) => Single<TimeSpan>(
        name, "time", $"{description} The time is {TimeSyntax}.",
        (string text, out TimeSpan time) => DurationSyntax.TryParse(text, bareSeconds: true, out time),
        text => $"{name} must be {TimeSyntax}, not '{text}'.");

    private static Option<long> Size(string name, string description) => Single<long>(
        name, "size", description, SizeSyntax.TryParse,
        text => $"{name} must be a whole number of bytes of at least 1, optionally with a unit (e.g. 1048576, 512KiB, 5GiB), not '{text}'.");

    /// <summary>An option with one value, read by <paramref name="parse"/>; <paramref name="error"/> says what is wrong with a bad one.</summary>
    private static Option<T> Single<T>(string name, string valueName, string description, TryParse<T> parse, Func<string, string> error) =>
        new(name)
        {
            HelpName = valueName,
            Description = description,
            CustomParser = result =>
            {
                var text = result.Tokens[^1].Value;
                if (parse(text, out var value))
                {
                    return value;
                }

                result.AddError(error(text));
                return default;
            },
        };
}
