using System.Globalization;
using FalStorage.Emulator.CommandLine;

namespace FalStorage.Emulator.Faults;

/// <summary>The command-line syntax of fault injection (see <see cref="EmulatorOptions.HelpText"/>).</summary>
internal static class FaultSpecification
{
    public const string RuleSyntax = "<kinds>:<setting>[,<setting>...]";
    public const string NthSyntax = "<kinds>:<n>[,<n>...]=<action>";

    /// <summary><c>put:error=0.2,429=10%,retry-after=2s,drop=0.05,locked=1,latency=50ms</c>; kinds may be joined with '+' or be 'all'.</summary>
    public static void ApplyRule(FaultInjection faults, string specification)
    {
        var (kinds, settings) = Split("--fault", specification, RuleSyntax);
        foreach (var setting in settings.Split(','))
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Invalid("--fault", specification, $"'{setting}' is not name=value");
            }

            var (name, value) = (setting[..equals].Trim().ToLowerInvariant(), setting[(equals + 1)..].Trim());
            Action<FaultRule> apply = name switch
            {
                "error" or "5xx" => rule => rule.ServerErrorRate = ParseRate(value, specification),
                "429" or "ratelimit" or "rate-limit" => rule => rule.RateLimitRate = ParseRate(value, specification),
                "drop" => rule => rule.DropRate = ParseRate(value, specification),
                "locked" => rule => rule.AccountLockedRate = ParseRate(value, specification),
                "latency" => rule => rule.Latency = ParseDuration(value, specification),
                "retry-after" => rule => rule.RetryAfter = ParseDuration(value, specification),
                _ => throw Invalid("--fault", specification, $"unknown setting '{name}' (error, 429, retry-after, drop, locked, latency)"),
            };

            foreach (var kind in kinds)
            {
                apply(faults[kind]);
            }
        }
    }

    /// <summary><c>part:3,7=drop</c>: the 3rd and 7th part requests are dropped. Actions: error (503), 429, drop, locked (403, a locked account).</summary>
    public static void ApplyNth(FaultInjection faults, string specification)
    {
        var (kinds, rest) = Split("--fault-nth", specification, NthSyntax);
        var equals = rest.LastIndexOf('=');
        if (equals <= 0)
        {
            throw Invalid("--fault-nth", specification, "the action is missing (e.g. part:3=drop)");
        }

        var action = rest[(equals + 1)..].Trim().ToLowerInvariant() switch
        {
            "error" or "5xx" or "503" => FaultAction.ServerError,
            "429" or "ratelimit" or "rate-limit" => FaultAction.RateLimit,
            "drop" => FaultAction.Drop,
            "locked" => FaultAction.AccountLocked,
            var other => throw Invalid("--fault-nth", specification, $"unknown action '{other}' (error, 429, drop, locked)"),
        };
        var numbers = new List<int>();
        foreach (var item in rest[..equals].Split(','))
        {
            if (!int.TryParse(item.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
            {
                throw Invalid("--fault-nth", specification, $"'{item}' is not a request number (1 or more)");
            }

            numbers.Add(number);
        }

        foreach (var kind in kinds)
        {
            var rule = faults[kind];
            if (rule.FailNth.Count > 0 && rule.FailNthWith != action)
            {
                throw Invalid("--fault-nth", specification, $"{Name(kind)} already fails its Nth requests with {rule.FailNthWith}; one action per kind");
            }

            rule.FailNthWith = action;
            rule.FailNth.UnionWith(numbers);
        }
    }

    /// <summary>The kind as the command line names it: <c>put</c>, <c>token-part</c>.</summary>
    public static string Name(RouteKind kind) =>
        string.Concat(kind.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static (IReadOnlyList<RouteKind> Kinds, string Remainder) Split(string option, string specification, string syntax)
    {
        var colon = specification.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == specification.Length - 1)
        {
            throw new ArgumentException($"{option} '{specification}' must look like {syntax}, e.g. {(option == "--fault" ? "put:error=0.2" : "part:3=drop")}.");
        }

        var kinds = new List<RouteKind>();
        foreach (var name in specification[..colon].Split('+'))
        {
            var trimmed = name.Trim().ToLowerInvariant();
            if (trimmed == "all")
            {
                kinds.AddRange(Enum.GetValues<RouteKind>());
                continue;
            }

            var kind = Enum.GetValues<RouteKind>().Where(candidate => Name(candidate) == trimmed).Select(candidate => (RouteKind?)candidate).FirstOrDefault()
                ?? throw Invalid(option, specification, $"unknown kind '{name}' ({string.Join(", ", Enum.GetValues<RouteKind>().Select(Name))} or all)");
            kinds.Add(kind);
        }

        return (kinds.Distinct().ToList(), specification[(colon + 1)..]);
    }

    /// <summary>A probability: 0.25 or 25%.</summary>
    private static double ParseRate(string value, string specification)
    {
        var percent = value.EndsWith('%');
        if (double.TryParse(percent ? value[..^1] : value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate))
        {
            rate = percent ? rate / 100 : rate;
            if (rate is >= 0 and <= 1)
            {
                return rate;
            }
        }

        throw Invalid("--fault", specification, $"'{value}' is not a rate from 0 to 1 (or 0% to 100%)");
    }

    /// <summary>A duration with a unit (50ms, 2s, 1.5s, 1m) or a TimeSpan (00:00:02), of at most a day.</summary>
    private static TimeSpan ParseDuration(string value, string specification) =>
        DurationSyntax.TryParse(value, bareSeconds: false, out var duration) && duration >= TimeSpan.Zero && duration <= TimeSpan.FromDays(1)
            ? duration
            : throw Invalid("--fault", specification, $"'{value}' is not a duration with a unit (e.g. 50ms, 2s, 1m) of at most a day");

    private static ArgumentException Invalid(string option, string specification, string problem) =>
        new($"{option} '{specification}': {problem}.");
}
