namespace FalStorage.HelpCompiler.Metadata;

/// <summary>A cmdlet parameter as its property and attributes declare it.</summary>
internal sealed record ParameterMetadata(
    string Name,
    string TypeFullName,
    string TypeName,
    bool IsArray,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> ValidValues,
    IReadOnlyList<ParameterBinding> Bindings)
{
    public bool IsSwitch => TypeFullName == "System.Management.Automation.SwitchParameter";

    /// <summary>As Get-Help words it: "True (ByValue, ByPropertyName)", or "False".</summary>
    public string PipelineInput
    {
        get
        {
            var kinds = new List<string>();
            if (Bindings.Any(b => b.ByValue))
            {
                kinds.Add("ByValue");
            }

            if (Bindings.Any(b => b.ByPropertyName))
            {
                kinds.Add("ByPropertyName");
            }

            return kinds.Count == 0 ? "False" : $"True ({string.Join(", ", kinds)})";
        }
    }

    public string AliasText => Aliases.Count == 0 ? "none" : string.Join(", ", Aliases);

    /// <summary>Mandatory in every set it is in (in some sets only: the syntax shows which).</summary>
    public bool AlwaysMandatory => Bindings.All(b => b.Mandatory);

    /// <summary>The position, when every set gives it the same one; otherwise it is named somewhere.</summary>
    public int? Position => Bindings.Select(b => b.Position).Distinct().Count() == 1 ? Bindings[0].Position : null;
}
