namespace FalStorage.HelpCompiler.Metadata;

/// <summary>A cmdlet as its class declares it: [Cmdlet], [OutputType] and its parameters.</summary>
internal sealed record CmdletMetadata(
    string Name,
    string HelpUri,
    bool SupportsShouldProcess,
    string? DefaultParameterSet,
    IReadOnlyList<string> OutputTypes,
    IReadOnlyList<ParameterMetadata> Parameters)
{
    /// <summary>-WhatIf and -Confirm, which PowerShell adds to a cmdlet that supports ShouldProcess.</summary>
    public IReadOnlyList<ParameterMetadata> ShouldProcessParameters => SupportsShouldProcess
        ? [Switch("WhatIf", "wi"), Switch("Confirm", "cf")]
        : [];

    /// <summary>
    /// Each parameter set with its parameters in the order Get-Command shows them: positional ones by position,
    /// then mandatory ones, then the rest, then -WhatIf and -Confirm. The default set comes first.
    /// </summary>
    public IReadOnlyList<ParameterSetMetadata> ParameterSets()
    {
        var names = Parameters.SelectMany(p => p.Bindings).Select(b => b.SetName).Where(n => n != ParameterBinding.AllSets).Distinct().ToList();
        if (names.Count == 0)
        {
            names.Add(ParameterBinding.AllSets);
        }

        return names.OrderBy(n => n == DefaultParameterSet ? 0 : 1).Select(name => new ParameterSetMetadata(name, InSet(name))).ToList();
    }

    private List<(ParameterMetadata, ParameterBinding)> InSet(string set)
    {
        var members = Parameters
            .Select(p => (Parameter: p, Binding: p.Bindings.FirstOrDefault(b => b.SetName == set) ?? p.Bindings.FirstOrDefault(b => b.SetName == ParameterBinding.AllSets)))
            .Where(m => m.Binding != null)
            .Select(m => (m.Parameter, Binding: m.Binding!))
            .ToList();
        var ordered = members.Where(m => m.Binding.Position != null).OrderBy(m => m.Binding.Position)
            .Concat(members.Where(m => m.Binding.Position == null && m.Binding.Mandatory))
            .Concat(members.Where(m => m.Binding.Position == null && !m.Binding.Mandatory));
        return ordered.Concat(ShouldProcessParameters.Select(p => (p, p.Bindings[0]))).ToList();
    }

    private static ParameterMetadata Switch(string name, string alias) => new(
        name, "System.Management.Automation.SwitchParameter", "SwitchParameter", false, [alias], [],
        [new ParameterBinding(ParameterBinding.AllSets, false, null, false, false)]);
}
