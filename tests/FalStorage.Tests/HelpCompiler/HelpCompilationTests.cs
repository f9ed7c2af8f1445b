using System.Management.Automation;
using System.Xml.Linq;
using FalStorage.HelpCompiler;
using FalStorage.HelpCompiler.Metadata;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.HelpCompiler;

/// <summary>
/// The help compiler on the module's own pages (a copy of docs/help) and the built FalStorage.dll's metadata:
/// the pages compile, and a page that disagrees with its cmdlet stops the build with a message naming it.
/// </summary>
public sealed class HelpCompilationTests : IDisposable
{
    private readonly string _pages = Directory.CreateTempSubdirectory("falstorage-help-").FullName;

    public HelpCompilationTests()
    {
        foreach (var page in Directory.GetFiles(Path.Combine(RepoPaths.Root, "docs", "help"), "*-*.md"))
        {
            File.Copy(page, Path.Combine(_pages, Path.GetFileName(page)));
        }
    }

    public void Dispose() => Directory.Delete(_pages, recursive: true);

    /// <summary>The cmdlets as the built module assembly declares them (read as the build reads them).</summary>
    internal static IReadOnlyList<CmdletMetadata> Cmdlets() => CmdletMetadataReader.Read(
        Path.Combine(Path.GetDirectoryName(RepoPaths.ModuleManifest)!, "FalStorage.dll"),
        [typeof(PSObject).Assembly.Location]);

    [Fact]
    public void The_modules_pages_compile_into_one_command_per_cmdlet_with_its_syntax_from_metadata()
    {
        var (maml, errors) = HelpCompilation.Compile(_pages, Cmdlets());

        Assert.Empty(errors);
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        var send = maml!.Descendants(command + "command").Single(c => c.Descendants(command + "name").First().Value == "Send-FalAsset");
        Assert.Equal(5, send.Element(command + "syntax")!.Elements(command + "syntaxItem").Count());
    }

    [Fact]
    public void A_parameter_the_cmdlet_does_not_have_fails_naming_the_page_and_the_parameter()
    {
        Edit("Get-FalSession", text => text.Replace("## PARAMETERS\n", "## PARAMETERS\n\n### -Everything\n\nAll sessions.\n"));

        var error = Assert.Single(HelpCompilation.Compile(_pages, Cmdlets()).Errors);

        Assert.Equal($"{Path.Combine(_pages, "Get-FalSession.md")} : error FALHELP: documents -Everything, which Get-FalSession does not have: remove its '### -Everything'.", error.ToString());
    }

    [Fact]
    public void A_parameter_the_page_does_not_describe_fails_naming_the_page_and_the_parameter()
    {
        Edit("Send-FalAsset", text => text.Replace("### -Verify\n", "### -Removed\n"));

        var messages = HelpCompilation.Compile(_pages, Cmdlets()).Errors.Select(e => e.Message).ToList();

        Assert.Contains("does not describe -Verify of Send-FalAsset: add a '### -Verify' under PARAMETERS.", messages);
    }

    [Fact]
    public void A_cmdlet_without_a_page_and_a_page_without_a_cmdlet_both_fail()
    {
        File.Move(Path.Combine(_pages, "Get-FalSession.md"), Path.Combine(_pages, "Get-FalSessions.md"));

        var errors = HelpCompilation.Compile(_pages, Cmdlets()).Errors;

        Assert.Contains(errors, e => e.PagePath.EndsWith("Get-FalSession.md", StringComparison.Ordinal) && e.Message.StartsWith("is missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.PagePath.EndsWith("Get-FalSessions.md", StringComparison.Ordinal) && e.Message.StartsWith("documents Get-FalSessions, which the module does not have", StringComparison.Ordinal));
    }

    [Fact]
    public void The_online_version_must_be_the_cmdlets_HelpUri_and_its_OutputType_must_be_under_OUTPUTS()
    {
        Edit("Connect-FalStorage", text => text.Replace("#connect-falstorage", "#connect").Replace("### FalStorage.FalSession", "### FalStorage.Session"));

        var messages = HelpCompilation.Compile(_pages, Cmdlets()).Errors.Select(e => e.Message).ToList();

        Assert.Contains(messages, m => m.StartsWith("has 'online version: https://github.com/FalStorage/FalStorage#connect' but Connect-FalStorage's HelpUri is", StringComparison.Ordinal));
        Assert.Contains("does not name FalStorage.FalSession under OUTPUTS, which Connect-FalStorage's [OutputType] declares: add a '### FalStorage.FalSession'.", messages);
    }

    private void Edit(string cmdlet, Func<string, string> change)
    {
        var path = Path.Combine(_pages, cmdlet + ".md");
        var text = File.ReadAllText(path).Replace("\r\n", "\n");
        var changed = change(text);
        Assert.NotEqual(text, changed);
        File.WriteAllText(path, changed);
    }
}
