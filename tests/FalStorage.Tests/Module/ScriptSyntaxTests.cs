using System.Management.Automation.Language;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>
/// The repository's PowerShell scripts parse on the engine's own parser, including those that only
/// run elsewhere (the Pester suite needs Pester, the runbook's full run needs Azure Automation).
/// </summary>
public sealed class ScriptSyntaxTests
{
    [Theory]
    [InlineData("build.ps1")]
    [InlineData("tests/FalStorage.Tests.ps1")]
    [InlineData("samples/Upload-FalAssets.runbook.ps1")]
    public void The_script_parses(string script)
    {
        Parser.ParseFile(Path.Combine(RepoPaths.Root, script), out _, out var errors);

        Assert.Empty(errors);
    }
}
