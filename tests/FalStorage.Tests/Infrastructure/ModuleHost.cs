using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;

namespace FalStorage.Tests.Infrastructure;

/// <summary>
/// The real PowerShell engine with the built module imported, as a user's session would have it.
/// Each host is one runspace; scripts run in it one after another and share its state.
/// </summary>
public sealed class ModuleHost : IDisposable
{
    private readonly Runspace _runspace;

    /// <summary>Opens a runspace on the engine's default host, or on <paramref name="host"/>.</summary>
    public ModuleHost(PSHost? host = null)
    {
        var initialState = InitialSessionState.CreateDefault2();
        _runspace = host == null ? RunspaceFactory.CreateRunspace(initialState) : RunspaceFactory.CreateRunspace(host, initialState);
        _runspace.Open();
        var import = Run("Import-Module -Name $args[0] -ErrorAction Stop", RepoPaths.ModuleManifest);
        import.AssertSucceeded();
    }

    public Runspace Runspace => _runspace;

    /// <summary>
    /// Runs a script; its arguments are $args[0], $args[1], ... A terminating error (what a user's
    /// try/catch would catch) ends the script and is captured in <see cref="PipelineResult.TerminatingError"/>;
    /// non-terminating errors are not catchable, so they stay in the error stream and the script goes on.
    /// </summary>
    public PipelineResult Run(string script, params object?[] arguments)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript("try {\n" + script + "\n} catch { throw }");
        foreach (var argument in arguments)
        {
            shell.AddArgument(argument);
        }

        return PipelineResult.Capture(shell);
    }

    public void Dispose() => _runspace.Dispose();
}

/// <summary>Everything a pipeline wrote, stream by stream.</summary>
public sealed class PipelineResult
{
    private PipelineResult(PowerShell shell, IEnumerable<PSObject> output, ErrorRecord? terminatingError)
    {
        Output = output.Where(o => o != null).ToList();
        Errors = shell.Streams.Error.ToList();
        Verbose = shell.Streams.Verbose.Select(v => v.Message).ToList();
        Debug = shell.Streams.Debug.Select(v => v.Message).ToList();
        Warnings = shell.Streams.Warning.Select(v => v.Message).ToList();
        Information = shell.Streams.Information.Select(v => v.ToString()).ToList();
        Progress = shell.Streams.Progress.ToList();
        TerminatingError = terminatingError;
    }

    public List<PSObject> Output { get; }

    public List<ErrorRecord> Errors { get; }

    public List<string> Verbose { get; }

    public List<string> Debug { get; }

    public List<string> Warnings { get; }

    public List<string> Information { get; }

    public List<ProgressRecord> Progress { get; }

    public ErrorRecord? TerminatingError { get; }

    /// <summary>The emitted objects of one type, unwrapped.</summary>
    public List<T> OutputOf<T>() => Output.Select(o => o.BaseObject).OfType<T>().ToList();

    /// <summary>Invokes the shell's commands; what they emitted before a terminating error is kept.</summary>
    public static PipelineResult Capture(PowerShell shell)
    {
        var output = new PSDataCollection<PSObject>();
        try
        {
            shell.Invoke(null, output);
            return new PipelineResult(shell, output, null);
        }
        catch (RuntimeException ex)
        {
            return new PipelineResult(shell, output, ex.ErrorRecord);
        }
    }

    public void AssertSucceeded()
    {
        Assert.True(TerminatingError == null, "terminating error: " + TerminatingError);
        Assert.True(Errors.Count == 0, "errors: " + string.Join(" | ", Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
    }

    /// <summary>
    /// Every text the pipeline produced on any stream, each with where it came from (such as
    /// <c>output FalUploadTicket.UploadUrl</c>), for checks that a secret never shows.
    /// </summary>
    public IEnumerable<(string Source, string Text)> AllText()
    {
        foreach (var item in Output)
        {
            foreach (var shown in TextOf(item))
            {
                yield return shown;
            }
        }

        foreach (var record in Errors.Concat(TerminatingError == null ? [] : [TerminatingError]))
        {
            foreach (var shown in TextOf(record))
            {
                yield return shown;
            }
        }

        foreach (var (stream, messages) in new[] { ("verbose", Verbose), ("debug", Debug), ("warning", Warnings), ("information", Information) })
        {
            foreach (var text in messages)
            {
                yield return (stream, text);
            }
        }

        foreach (var record in Progress)
        {
            yield return ("progress", $"{record.Activity} {record.StatusDescription} {record.CurrentOperation}");
        }
    }

    /// <summary>An emitted object: its ToString() and every property; an error record (from $Error, say) as an error.</summary>
    private static IEnumerable<(string Source, string Text)> TextOf(PSObject item)
    {
        if (item.BaseObject is ErrorRecord record)
        {
            foreach (var shown in TextOf(record))
            {
                yield return shown;
            }

            yield break;
        }

        var type = item.BaseObject.GetType().Name;
        yield return ($"output {type}", item.ToString());
        foreach (var property in item.Properties)
        {
            yield return ($"output {type}.{property.Name}", Convert.ToString(SafeValue(property), CultureInfo.InvariantCulture) ?? string.Empty);
        }
    }

    /// <summary>What an error record can show: its message, id, every exception down to the innermost, and where it happened.</summary>
    private static IEnumerable<(string Source, string Text)> TextOf(ErrorRecord record)
    {
        var source = "error " + record.FullyQualifiedErrorId;
        yield return (source, record.ToString());
        yield return (source, record.FullyQualifiedErrorId);
        yield return (source, record.ErrorDetails?.Message ?? string.Empty);
        yield return (source, record.ErrorDetails?.RecommendedAction ?? string.Empty);
        yield return (source, Convert.ToString(record.TargetObject, CultureInfo.InvariantCulture) ?? string.Empty);
        yield return (source, record.CategoryInfo.ToString());
        yield return (source, record.ScriptStackTrace ?? string.Empty);

        // ToString() of an exception includes its inner exceptions (all of them, for an AggregateException).
        for (var exception = record.Exception; exception != null; exception = exception.InnerException)
        {
            yield return (source + " exception", exception.ToString());
            foreach (System.Collections.DictionaryEntry entry in exception.Data)
            {
                yield return (source + " exception data", $"{entry.Key}={entry.Value}");
            }
        }

        var invocation = record.InvocationInfo;
        if (invocation != null)
        {
            yield return (source + " invocation", $"{invocation.Line}\n{invocation.PositionMessage}");
            foreach (var (name, value) in invocation.BoundParameters)
            {
                yield return (source + " bound parameter " + name, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
            }

            foreach (var argument in invocation.UnboundArguments)
            {
                yield return (source + " unbound argument", Convert.ToString(argument, CultureInfo.InvariantCulture) ?? string.Empty);
            }
        }
    }

    private static object? SafeValue(PSPropertyInfo property)
    {
        try
        {
            return property.Value;
        }
        catch (GetValueException)
        {
            return null;
        }
    }
}
