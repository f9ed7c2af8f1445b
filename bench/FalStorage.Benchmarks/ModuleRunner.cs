using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace FalStorage.Benchmarks;

/// <summary>The module on the real PowerShell engine, imported and connected once, as in a user's session.</summary>
internal sealed class ModuleRunner : IDisposable
{
    private readonly Runspace _runspace;

    public ModuleRunner(string manifest, Uri endpoint, string key)
    {
        _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        _runspace.Open();
        Invoke("Import-Module $args[0] -ErrorAction Stop; Connect-FalStorage -Endpoint $args[1] -Key $args[2] | Out-Null", manifest, endpoint.ToString(), key);
    }

    /// <summary>Send-FalAsset over the paths; returns how many assets came out.</summary>
    public int SendFalAsset(IReadOnlyList<string> paths, string extraParameters = "") =>
        Invoke($"$ProgressPreference = 'SilentlyContinue'; $args[0] | Send-FalAsset {extraParameters}", (object)paths.ToArray()).Count;

    public void Dispose() => _runspace.Dispose();

    private List<PSObject> Invoke(string script, params object[] arguments)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(script);
        foreach (var argument in arguments)
        {
            shell.AddArgument(argument);
        }

        var output = shell.Invoke().ToList();
        if (shell.HadErrors)
        {
            throw new InvalidOperationException("Send-FalAsset failed: " + string.Join("; ", shell.Streams.Error));
        }

        return output;
    }
}
