namespace FalStorage.HelpCompiler;

/// <summary>A page that cannot become help, or that does not agree with its cmdlet: the message names the page.</summary>
internal sealed class HelpException(string path, string message) : Exception(message)
{
    public string PagePath { get; } = path;

    /// <summary>MSBuild's canonical error form, so the build shows it as an error against the page.</summary>
    public override string ToString() => $"{PagePath} : error FALHELP: {Message}";
}
