namespace FalStorage.HelpCompiler.Metadata;

/// <summary>One [Parameter] attribute: how a parameter binds in one parameter set (or in all of them).</summary>
internal sealed record ParameterBinding(string SetName, bool Mandatory, int? Position, bool ByValue, bool ByPropertyName)
{
    /// <summary>The set name [Parameter] gives when it names none.</summary>
    public const string AllSets = "__AllParameterSets";
}
