using System.Text;
using System.Text.RegularExpressions;

namespace FalStorage.HelpCompiler.Pages;

/// <summary>
/// Reads the fixed layout platyPS writes: YAML front matter, one "#" title, "##" sections, "###" subsections,
/// paragraphs and fenced code blocks. Nothing else of markdown is needed; text is taken literally, but for
/// backslash escapes (\&lt;, \*), which platyPS and GitHub both use.
/// </summary>
internal static partial class MarkdownReader
{
    public static (Dictionary<string, string> FrontMatter, string Title, List<MarkdownSection> Sections) Read(string path, string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var index = 0;
        var frontMatter = ReadFrontMatter(path, lines, ref index);
        string? title = null;
        var sections = new List<MarkdownSection>();
        MarkdownSection? current = null;
        var paragraph = new StringBuilder();

        for (; index < lines.Length; index++)
        {
            var line = lines[index];
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                Flush(paragraph, current);
                var fence = line[3..].Trim();
                var code = new List<string>();
                for (index++; index < lines.Length && !lines[index].StartsWith("```", StringComparison.Ordinal); index++)
                {
                    code.Add(lines[index]);
                }

                if (index == lines.Length)
                {
                    throw new HelpException(path, $"a code block ({line}) is not closed.");
                }

                Target(path, current, line).Add(new MarkdownBlock(string.Join("\n", code), fence));
            }
            else if (line.StartsWith('#'))
            {
                Flush(paragraph, current);
                var heading = Heading().Match(line);
                var level = heading.Groups[1].Length;
                var name = heading.Groups[2].Value.Trim();
                if (level == 1 && title == null)
                {
                    title = name;
                }
                else if (level == 2)
                {
                    sections.Add(new MarkdownSection(name, [], []));
                }
                else if (level == 3 && sections.Count > 0)
                {
                    sections[^1].Subsections.Add(new MarkdownSection(name, [], []));
                }
                else
                {
                    throw new HelpException(path, $"line {index + 1}: '{line}' is not in the layout (one '# Verb-Noun', then '##' sections with '###' subsections).");
                }

                current = sections.Count == 0 ? null : sections[^1].Subsections.Count > 0 && level == 3 ? sections[^1].Subsections[^1] : sections[^1];
            }
            else if (string.IsNullOrWhiteSpace(line))
            {
                Flush(paragraph, current);
            }
            else
            {
                Target(path, current, line);
                paragraph.Append(paragraph.Length == 0 ? "" : " ").Append(line.Trim());
            }
        }

        Flush(paragraph, current);
        return (frontMatter, title ?? throw new HelpException(path, "has no '# Verb-Noun' title."), sections);
    }

    /// <summary>CommonMark's backslash escapes: a backslash before ASCII punctuation stands for that character.</summary>
    public static string Unescape(string text) => Escape().Replace(text, "$1");

    private static Dictionary<string, string> ReadFrontMatter(string path, string[] lines, ref int index)
    {
        if (lines[0].Trim() != "---")
        {
            throw new HelpException(path, "does not start with platyPS's YAML front matter ('---').");
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (index = 1; index < lines.Length && lines[index].Trim() != "---"; index++)
        {
            var colon = lines[index].IndexOf(':');
            if (colon > 0)
            {
                values[lines[index][..colon].Trim()] = lines[index][(colon + 1)..].Trim();
            }
        }

        index++;
        return values;
    }

    private static List<MarkdownBlock> Target(string path, MarkdownSection? section, string line) =>
        section?.Blocks ?? throw new HelpException(path, $"'{line}' comes before the first '##' section.");

    private static void Flush(StringBuilder paragraph, MarkdownSection? section)
    {
        if (paragraph.Length > 0)
        {
            section!.Blocks.Add(new MarkdownBlock(Unescape(paragraph.ToString()), null));
            paragraph.Clear();
        }
    }

    [GeneratedRegex(@"^(#+)\s+(.*)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"\\([!-/:-@\[-`{-~])")]
    private static partial Regex Escape();
}
