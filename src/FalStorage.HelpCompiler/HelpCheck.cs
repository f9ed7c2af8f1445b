using FalStorage.HelpCompiler.Metadata;
using FalStorage.HelpCompiler.Pages;

namespace FalStorage.HelpCompiler;

/// <summary>What must agree between a page and its cmdlet, so that the help never says what the cmdlet is not.</summary>
internal static class HelpCheck
{
    /// <summary>Every disagreement, each naming the page and what to change.</summary>
    public static IEnumerable<HelpException> Check(HelpPage page, CmdletMetadata cmdlet)
    {
        if (page.CmdletName != cmdlet.Name)
        {
            yield return new HelpException(page.Path, $"is titled '# {page.CmdletName}' but documents {cmdlet.Name}.");
        }

        if (page.OnlineVersion != cmdlet.HelpUri)
        {
            yield return new HelpException(page.Path, $"has 'online version: {page.OnlineVersion}' but {cmdlet.Name}'s HelpUri is '{cmdlet.HelpUri}': make them the same.");
        }

        var known = cmdlet.Parameters.Concat(cmdlet.ShouldProcessParameters).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var extra in page.Parameters.Where(p => !known.Contains(p.Name)))
        {
            yield return new HelpException(page.Path, $"documents -{extra.Name}, which {cmdlet.Name} does not have: remove its '### -{extra.Name}'.");
        }

        var documented = page.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var missing in cmdlet.Parameters.Where(p => !documented.Contains(p.Name)))
        {
            yield return new HelpException(page.Path, $"does not describe -{missing.Name} of {cmdlet.Name}: add a '### -{missing.Name}' under PARAMETERS.");
        }

        foreach (var duplicate in page.Parameters.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            yield return new HelpException(page.Path, $"describes -{duplicate.Key} more than once.");
        }

        var outputs = page.Outputs.Select(o => o.TypeName).ToHashSet();
        foreach (var output in cmdlet.OutputTypes.Where(t => !outputs.Contains(t)))
        {
            yield return new HelpException(page.Path, $"does not name {output} under OUTPUTS, which {cmdlet.Name}'s [OutputType] declares: add a '### {output}'.");
        }
    }
}
