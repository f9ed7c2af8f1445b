namespace FalStorage.HelpCompiler.Pages;

/// <summary>One "### -Name" of a page: its description and the two facts the cmdlet's metadata cannot give.</summary>
internal sealed record PageParameter(string Name, IReadOnlyList<string> Description, string? DefaultValue, bool AcceptsWildcards);
