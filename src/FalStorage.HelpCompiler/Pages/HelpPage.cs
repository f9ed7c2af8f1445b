namespace FalStorage.HelpCompiler.Pages;

/// <summary>What a cmdlet's markdown page says: everything but syntax and parameter metadata, which come from the cmdlet.</summary>
internal sealed record HelpPage(
    string Path,
    string CmdletName,
    string OnlineVersion,
    IReadOnlyList<string> Synopsis,
    IReadOnlyList<string> Description,
    IReadOnlyList<PageExample> Examples,
    IReadOnlyList<PageParameter> Parameters,
    IReadOnlyList<PageTypeEntry> Inputs,
    IReadOnlyList<PageTypeEntry> Outputs,
    IReadOnlyList<string> Notes,
    IReadOnlyList<PageLink> Links);
