namespace FalStorage.HelpCompiler.Pages;

/// <summary>One "### TypeName" under INPUTS or OUTPUTS, with what it means.</summary>
internal sealed record PageTypeEntry(string TypeName, IReadOnlyList<string> Description);
