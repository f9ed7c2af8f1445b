using System.CommandLine;

namespace FalStorage.Benchmarks;

/// <summary>The kinds of option the benchmark's commands share, each declared once with its validation.</summary>
internal static class BenchOptions
{
    public static Option<int> Count(string name, int defaultValue, string description) => Bounded(name, defaultValue, description, minimum: 0);

    public static Option<int> Positive(string name, int defaultValue, string description) => Bounded(name, defaultValue, description, minimum: 1);

    public static Option<int[]> List(string name, int[] defaultValues, int minimum, string description)
    {
        var option = new Option<int[]>(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValues,
            AllowMultipleArgumentsPerToken = true,
            Arity = ArgumentArity.OneOrMore,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int[]>()!.Any(value => value < minimum))
            {
                result.AddError($"{name} takes numbers of {minimum} or more.");
            }
        });
        return option;
    }

    /// <summary><c>--data-root</c>: a folder that exists, tmpfs by default.</summary>
    public static Option<string> DataRoot(string what = "Where the emulators keep their data")
    {
        var option = new Option<string>("--data-root")
        {
            Description = what + ": tmpfs, so that no disk's writeback decides the large-file rows.",
            DefaultValueFactory = _ => "/dev/shm",
        };
        option.Validators.Add(result =>
        {
            if (!Directory.Exists(result.GetValueOrDefault<string>()))
            {
                result.AddError($"--data-root: {result.GetValueOrDefault<string>()} is not a folder.");
            }
        });
        return option;
    }

    private static Option<int> Bounded(string name, int defaultValue, string description, int minimum)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < minimum)
            {
                result.AddError($"{name} must be at least {minimum}.");
            }
        });
        return option;
    }
}
