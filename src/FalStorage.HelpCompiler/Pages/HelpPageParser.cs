using System.Text.RegularExpressions;

namespace FalStorage.HelpCompiler.Pages;

/// <summary>Turns a cmdlet's platyPS page into a <see cref="HelpPage"/>, refusing what the layout does not allow.</summary>
internal static partial class HelpPageParser
{
    private static readonly string[] KnownSections = ["SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS"];

    // The parameter metadata platyPS writes in its yaml blocks: here it comes from the cmdlet, so a page never says it.
    private static readonly string[] MetadataKeys = ["Type", "Parameter Sets", "Aliases", "Required", "Position", "Accept pipeline input"];

    public static HelpPage Parse(string path, string text)
    {
        var (frontMatter, title, sections) = MarkdownReader.Read(path, text);
        foreach (var unknown in sections.Select(s => s.Title).Where(t => !KnownSections.Contains(t)))
        {
            throw new HelpException(path, $"has a section '## {unknown}' that platyPS's layout does not have ({string.Join(", ", KnownSections)}).");
        }

        MarkdownSection Section(string name) => sections.FirstOrDefault(s => s.Title == name) ?? throw new HelpException(path, $"has no '## {name}' section.");

        var synopsis = Paragraphs(Section("SYNOPSIS").Blocks);
        if (synopsis.Count == 0)
        {
            throw new HelpException(path, "has an empty SYNOPSIS.");
        }

        return new HelpPage(
            path,
            title,
            frontMatter.GetValueOrDefault("online version", ""),
            synopsis,
            Paragraphs(Section("DESCRIPTION").Blocks),
            Section("EXAMPLES").Subsections.Select(example => Example(path, example)).ToList(),
            Section("PARAMETERS").Subsections.Where(p => p.Title != "CommonParameters").Select(p => Parameter(path, p)).ToList(),
            Section("INPUTS").Subsections.Select(t => new PageTypeEntry(t.Title, Paragraphs(t.Blocks))).ToList(),
            Section("OUTPUTS").Subsections.Select(t => new PageTypeEntry(t.Title, Paragraphs(t.Blocks))).ToList(),
            Paragraphs(Section("NOTES").Blocks),
            Section("RELATED LINKS").Blocks.Select(block => Link(path, block)).ToList());
    }

    /// <summary>Paragraphs as they are; a fenced block (sample output, say) as one paragraph with its lines kept.</summary>
    private static List<string> Paragraphs(IEnumerable<MarkdownBlock> blocks) => blocks.Select(b => b.Text).ToList();

    private static PageExample Example(string path, MarkdownSection example)
    {
        var code = example.Blocks.FirstOrDefault(b => b.Fence == "powershell")
            ?? throw new HelpException(path, $"example '{example.Title}' has no ```powershell code block.");
        return new PageExample(example.Title, code.Text, Paragraphs(example.Blocks.Where(b => b != code)));
    }

    private static PageParameter Parameter(string path, MarkdownSection parameter)
    {
        if (!parameter.Title.StartsWith('-'))
        {
            throw new HelpException(path, $"'### {parameter.Title}' under PARAMETERS is not '### -Name'.");
        }

        var name = parameter.Title[1..];
        var yaml = parameter.Blocks.Where(b => b.Fence == "yaml").ToList();
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in yaml.SelectMany(b => b.Text.Split('\n')).Where(l => l.Contains(':')))
        {
            var key = line[..line.IndexOf(':')].Trim();
            if (MetadataKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                throw new HelpException(path, $"-{name} says '{key}', which the build takes from the cmdlet's metadata: remove the line (docs/help/README.md).");
            }

            values[key] = line[(line.IndexOf(':') + 1)..].Trim();
        }

        var description = Paragraphs(parameter.Blocks.Where(b => b.Fence != "yaml"));
        if (description.All(string.IsNullOrWhiteSpace))
        {
            throw new HelpException(path, $"-{name} has no description.");
        }

        return new PageParameter(
            name,
            description,
            values.GetValueOrDefault("Default value"),
            string.Equals(values.GetValueOrDefault("Accept wildcard characters"), "True", StringComparison.OrdinalIgnoreCase));
    }

    private static PageLink Link(string path, MarkdownBlock block)
    {
        var link = LinkLine().Match(block.Text);
        return link.Success ? new PageLink(link.Groups[1].Value, link.Groups[2].Value)
            : throw new HelpException(path, $"'{block.Text}' under RELATED LINKS is not a '[text](uri)' line.");
    }

    [GeneratedRegex(@"^\[([^\]]+)\]\(([^)]*)\)$")]
    private static partial Regex LinkLine();
}
