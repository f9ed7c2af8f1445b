namespace FalStorage.HelpCompiler.Pages;

/// <summary>One "### Example N: title" of a page: its ```powershell code and the remarks after it.</summary>
internal sealed record PageExample(string Title, string Code, IReadOnlyList<string> Remarks);
