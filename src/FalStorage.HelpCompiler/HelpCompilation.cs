using System.Xml.Linq;
using FalStorage.HelpCompiler.Maml;
using FalStorage.HelpCompiler.Metadata;
using FalStorage.HelpCompiler.Pages;

namespace FalStorage.HelpCompiler;

/// <summary>Pairs each cmdlet with its page (docs/help/Verb-Noun.md), checks them and writes the MAML.</summary>
internal static class HelpCompilation
{
    /// <summary>The MAML, or every problem found (then no MAML).</summary>
    public static (XDocument? Maml, IReadOnlyList<HelpException> Errors) Compile(string pagesFolder, IReadOnlyList<CmdletMetadata> cmdlets)
    {
        var errors = new List<HelpException>();
        var commands = new List<(HelpPage, CmdletMetadata)>();
        var pagePaths = Directory.GetFiles(pagesFolder, "*-*.md").ToDictionary(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase);

        foreach (var stray in pagePaths.Keys.Where(name => cmdlets.All(c => !string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))))
        {
            errors.Add(new HelpException(pagePaths[stray], $"documents {stray}, which the module does not have: remove the page, or name it after the cmdlet."));
        }

        foreach (var cmdlet in cmdlets)
        {
            if (!pagePaths.TryGetValue(cmdlet.Name, out var path))
            {
                errors.Add(new HelpException(Path.Combine(pagesFolder, cmdlet.Name + ".md"), $"is missing: every cmdlet has a page (docs/help/README.md says how to start one)."));
                continue;
            }

            try
            {
                var page = HelpPageParser.Parse(path, File.ReadAllText(path));
                var problems = HelpCheck.Check(page, cmdlet).ToList();
                errors.AddRange(problems);
                commands.Add((page, cmdlet));
            }
            catch (HelpException error)
            {
                errors.Add(error);
            }
        }

        return errors.Count > 0 ? (null, errors) : (MamlWriter.Write(commands), errors);
    }
}
