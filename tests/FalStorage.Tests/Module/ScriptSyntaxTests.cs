using System.Management.Automation.Language;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>
/// Every PowerShell script and script module in the repository parses on the engine's own parser, including those
/// that only run elsewhere (the runbook's full run needs Azure Automation).
/// </summary>
public sealed class ScriptSyntaxTests
{
    private static readonly string[] Ignored = ["bin", "obj", "out", "node_modules", "TestResults", ".git"];
    private static readonly string[] ScriptPatterns = ["*.ps1", "*.psm1"];

    public static TheoryData<string> Scripts => new(
        ScriptPatterns
            .SelectMany(pattern => Directory.EnumerateFiles(RepoPaths.Root, pattern, SearchOption.AllDirectories))
            .Select(path => Path.GetRelativePath(RepoPaths.Root, path).Replace('\\', '/'))
            .Where(path => !path.Split('/').Any(Ignored.Contains))
            .Order());

    [Fact]
    public void The_scripts_include_the_build_the_Pester_suite_and_the_runbook() =>
        Assert.Superset(
            new HashSet<string> { "build.ps1", "tools/EmulatorProcess.psm1", "tests/Pester/TestSupport.psm1", "tests/Pester/Pipeline.Tests.ps1", "samples/Upload-FalAssets.runbook.ps1" },
            Scripts.Cast<object[]>().Select(row => (string)row[0]).ToHashSet());

    [Theory]
    [MemberData(nameof(Scripts))]
    public void The_script_parses(string script)
    {
        Parser.ParseFile(Path.Combine(RepoPaths.Root, script), out _, out var errors);

        Assert.Empty(errors);
    }
}
