using System.Diagnostics;

namespace FalStorage.Tests.Infrastructure;

/// <summary>
/// A real shell in a process of its own, as a user starts one: <c>dotnet pwsh</c> from the repository's tool
/// manifest (restored on first use), or the shell that FALSTORAGE_PESTER_SHELL names (build.ps1 sets it to
/// Windows PowerShell when it runs there).
/// </summary>
public static class PowerShellProcess
{
    private static readonly Lazy<(string FileName, string[] Prefix)> Shell = new(FindShell);

    /// <summary>What the process wrote, and how it ended.</summary>
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public void AssertSucceeded() =>
            Assert.True(ExitCode == 0, $"exit code {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}");
    }

    /// <summary>Runs the shell with <paramref name="arguments"/> after -NoLogo -NoProfile -NonInteractive, in the repository root.</summary>
    public static Result Run(IEnumerable<string> arguments, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var (fileName, prefix) = Shell.Value;
        return Start(fileName, prefix.Concat(["-NoLogo", "-NoProfile", "-NonInteractive"]).Concat(arguments), environment, timeout ?? TimeSpan.FromMinutes(5));
    }

    /// <summary>Runs <c>-Command <paramref name="script"/></c>.</summary>
    public static Result RunScript(string script, IDictionary<string, string>? environment = null, TimeSpan? timeout = null) =>
        Run(["-Command", script], environment, timeout);

    private static (string FileName, string[] Prefix) FindShell()
    {
        var named = Environment.GetEnvironmentVariable("FALSTORAGE_PESTER_SHELL");
        if (!string.IsNullOrWhiteSpace(named))
        {
            return (named, []);
        }

        Start(RepoPaths.Dotnet, ["tool", "restore"], null, TimeSpan.FromMinutes(5)).AssertSucceeded();
        return (RepoPaths.Dotnet, ["pwsh"]);
    }

    private static Result Start(string fileName, IEnumerable<string> arguments, IDictionary<string, string>? environment, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Plain text, as a file or a log gets it: no ANSI colour sequences in what the tests read.
        startInfo.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new Result(-1, output.Result, error.Result + $"\n(killed after {timeout.TotalSeconds} s)");
        }

        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
