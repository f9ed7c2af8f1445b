using FalStorage.HelpCompiler;
using FalStorage.HelpCompiler.Pages;

namespace FalStorage.Tests.HelpCompiler;

/// <summary>The help compiler's reading of a platyPS page (docs/help/*.md): what it takes, and what it refuses with a message naming the page.</summary>
public sealed class HelpPageParserTests
{
    private const string PagePath = "docs/help/Get-Thing.md";

    [Fact]
    public void A_page_becomes_its_synopsis_description_examples_parameters_inputs_outputs_notes_and_links()
    {
        var page = HelpPageParser.Parse(PagePath, Page());

        Assert.Equal("Get-Thing", page.CmdletName);
        Assert.Equal("https://example.com/#get-thing", page.OnlineVersion);
        Assert.Equal(["Gets a thing."], page.Synopsis);
        Assert.Equal(["Gets the thing <name> names, with * and \\ as written.", "A second paragraph, wrapped over two lines."], page.Description);
        var example = Assert.Single(page.Examples);
        Assert.Equal("Example 1: Get one", example.Title);
        Assert.Equal("Get-Thing -Name a\nGet-Thing -Name b", example.Code);
        Assert.Equal(["Name Size\n---- ----\na    1", "Gets two things."], example.Remarks);
        var parameter = Assert.Single(page.Parameters);
        Assert.Equal(("Name", "the first thing", true), (parameter.Name, parameter.DefaultValue, parameter.AcceptsWildcards));
        Assert.Equal(["The thing's name."], parameter.Description);
        Assert.Equal("System.String", Assert.Single(page.Inputs).TypeName);
        Assert.Equal(["A thing."], Assert.Single(page.Outputs).Description);
        Assert.Equal(["Things are kept."], page.Notes);
        Assert.Equal([new PageLink("about_Things", ""), new PageLink("Online", "https://example.com")], page.Links);
    }

    [Fact]
    public void A_parameter_without_a_description_is_refused_naming_the_page_and_the_parameter()
    {
        var error = Assert.Throws<HelpException>(() => HelpPageParser.Parse(PagePath, Page().Replace("The thing's name.", "")));

        Assert.Equal($"{PagePath} : error FALHELP: -Name has no description.", error.ToString());
    }

    [Theory]
    [InlineData("Type: String")]
    [InlineData("Aliases: n")]
    [InlineData("Accept pipeline input: False")]
    public void Metadata_written_in_a_parameters_yaml_block_is_refused(string line)
    {
        var error = Assert.Throws<HelpException>(() => HelpPageParser.Parse(PagePath, Page().Replace("Default value: the first thing", line)));

        Assert.Equal(PagePath, error.PagePath);
        Assert.Contains("-Name says '" + line[..line.IndexOf(':')] + "'", error.Message);
    }

    [Fact]
    public void An_example_without_powershell_code_is_refused()
    {
        var error = Assert.Throws<HelpException>(() => HelpPageParser.Parse(PagePath, Page().Replace("```powershell", "```text")));

        Assert.Contains("'Example 1: Get one' has no ```powershell code block", error.Message);
    }

    [Fact]
    public void A_section_platyPS_does_not_have_is_refused()
    {
        var error = Assert.Throws<HelpException>(() => HelpPageParser.Parse(PagePath, Page().Replace("## NOTES", "## REMARKS")));

        Assert.Contains("'## REMARKS'", error.Message);
    }

    [Fact]
    public void Whatever_is_under_SYNTAX_is_not_help_text()
    {
        var page = HelpPageParser.Parse(PagePath, Page().Replace("## SYNTAX\n", "## SYNTAX\n\n```\nGet-Thing [-Name] <String>\n```\n"));

        Assert.DoesNotContain(page.Description.Concat(page.Synopsis), text => text.Contains("<String>"));
    }

    internal static string Page() => """
        ---
        external help file: FalStorage.dll-Help.xml
        Module Name: FalStorage
        online version: https://example.com/#get-thing
        schema: 2.0.0
        ---

        # Get-Thing

        ## SYNOPSIS

        Gets a thing.

        ## SYNTAX

        ## DESCRIPTION

        Gets the thing \<name\> names, with \* and \\ as written.

        A second paragraph,
        wrapped over two lines.

        ## EXAMPLES

        ### Example 1: Get one

        ```powershell
        Get-Thing -Name a
        Get-Thing -Name b
        ```

        ```
        Name Size
        ---- ----
        a    1
        ```

        Gets two things.

        ## PARAMETERS

        ### -Name

        The thing's name.

        ```yaml
        Default value: the first thing
        Accept wildcard characters: True
        ```

        ### CommonParameters

        This cmdlet supports the common parameters.

        ## INPUTS

        ### System.String

        A name.

        ## OUTPUTS

        ### Thing

        A thing.

        ## NOTES

        Things are kept.

        ## RELATED LINKS

        [about_Things]()

        [Online](https://example.com)
        """.Replace("\r\n", "\n");
}
