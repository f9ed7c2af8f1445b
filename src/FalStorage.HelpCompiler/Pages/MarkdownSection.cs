namespace FalStorage.HelpCompiler.Pages;

/// <summary>A heading's title, the blocks under it, and its subsections (the "###" under a "##").</summary>
internal sealed record MarkdownSection(string Title, List<MarkdownBlock> Blocks, List<MarkdownSection> Subsections);
