namespace FalStorage.HelpCompiler.Pages;

/// <summary>A paragraph (Fence is null; the text unescaped) or a fenced code block (Fence is its info string; the text verbatim).</summary>
internal sealed record MarkdownBlock(string Text, string? Fence)
{
    public bool IsFenced => Fence != null;
}
