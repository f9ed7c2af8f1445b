namespace FalStorage.HelpCompiler.Pages;

/// <summary>One "[text](uri)" line under RELATED LINKS; the uri may be empty (a topic Get-Help finds by name).</summary>
internal sealed record PageLink(string Text, string Uri);
