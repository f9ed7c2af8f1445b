using System.Reflection;
using System.Text.Json;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Pester;

/// <summary>
/// The Pester suite (tests/Pester/*.Tests.ps1) on the real shell, with the Pester 5.9.1 that NuGet restored for
/// this project: its tests as Pester discovers them, and one run of them all against an emulator of this process.
/// </summary>
public static class PesterSuite
{
    /// <summary>The Pester module's manifest in the NuGet package folder (set by the project file).</summary>
    public static string PesterManifest { get; } = typeof(PesterSuite).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "PesterManifest").Value!;

    /// <summary>Where the run leaves its NUnit report and its one-line summary (which .ci/run prints).</summary>
    public static string ResultsFolder => Path.Combine(RepoPaths.Root, "TestResults");

    /// <summary>Each test's full name (blocks and test, with data expanded), as Pester's discovery finds it.</summary>
    public static List<string> Discover()
    {
        var script = $$"""
            Import-Module -Name '{{PesterManifest}}'
            $configuration = New-PesterConfiguration
            $configuration.Run.Path = 'tests'
            $configuration.Run.SkipRun = $true
            $configuration.Run.PassThru = $true
            $configuration.Output.Verbosity = 'None'
            # Names with <templates> are expanded as Pester expands them when it runs the test, from its data and its blocks'.
            function Expand-Name([string] $Name, $Data) {
                if ($Name -notlike '*<*') { return $Name }
                $expression = '"' + ($Name -replace '\$', '`$' -replace '"', '`"' -replace '(?<!`)<([^>^`]+)>', '$$($$$1)') + '"'
                $Data | ForEach-Object {
                    if ($_ -is [System.Collections.IDictionary]) { foreach ($key in $_.Keys) { Set-Variable -Name $key -Value $_[$key] } }
                    & ([scriptblock]::Create($expression))
                }
            }
            foreach ($test in (Invoke-Pester -Configuration $configuration).Tests) {
                $names = @(Expand-Name $test.Name $test.Data)
                for ($block = $test.Block; $block -and -not $block.IsRoot; $block = $block.Parent) { $names = @(Expand-Name $block.Name $block.Data) + $names }
                $names -join '.'
            }
            """;
        var result = PowerShellProcess.RunScript(script, ShellEnvironment());
        result.AssertSucceeded();
        var names = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        Assert.True(names.Count > 0, "Pester discovered no tests:\n" + result.Output + result.Error);
        return names;
    }

    /// <summary>Runs the whole suite once and returns each test's outcome by its full name.</summary>
    public static Dictionary<string, PesterOutcome> Run(EmulatorFixture emulator)
    {
        Directory.CreateDirectory(ResultsFolder);
        var outcomes = Path.Combine(ResultsFolder, "Pester.json");
        var script = $$"""
            Import-Module -Name '{{PesterManifest}}'
            $configuration = New-PesterConfiguration
            $configuration.Run.Path = 'tests'
            $configuration.Run.PassThru = $true
            $configuration.Output.Verbosity = 'Detailed'
            $configuration.Output.RenderMode = 'Plaintext'
            $configuration.TestResult.Enabled = $true
            $configuration.TestResult.OutputFormat = 'NUnitXml'
            $configuration.TestResult.OutputPath = '{{Path.Combine(ResultsFolder, "Pester.xml")}}'
            $run = Invoke-Pester -Configuration $configuration
            @($run.Tests | ForEach-Object {
                [pscustomobject]@{ Name = $_.ExpandedPath; Result = [string] $_.Result; Message = (@($_.ErrorRecord | ForEach-Object { "$_`n$($_.ScriptStackTrace)" }) -join "`n") }
            }) | ConvertTo-Json -Depth 3 | Set-Content -LiteralPath '{{outcomes}}' -Encoding utf8
            $shell = "$($PSVersionTable.PSEdition) $($PSVersionTable.PSVersion)"
            "Pester: $($run.PassedCount) passed, $($run.FailedCount) failed, $($run.SkippedCount) skipped (PowerShell $shell, $([int] $run.Duration.TotalSeconds) s)" |
                Set-Content -LiteralPath '{{Path.Combine(ResultsFolder, "pester-summary.txt")}}'
            """;
        var environment = ShellEnvironment();
        environment["FALSTORAGE_TEST_ENDPOINT"] = emulator.BaseAddress.ToString().TrimEnd('/');
        environment["FALSTORAGE_TEST_KEY"] = emulator.Key;
        var result = PowerShellProcess.RunScript(script, environment, TimeSpan.FromMinutes(10));
        File.WriteAllText(Path.Combine(ResultsFolder, "Pester.log"), result.Output + result.Error);
        result.AssertSucceeded();

        using var json = JsonDocument.Parse(File.ReadAllText(outcomes));
        return json.RootElement.EnumerateArray().ToDictionary(
            test => test.GetProperty("Name").GetString()!,
            test => new PesterOutcome(test.GetProperty("Result").GetString()!, test.GetProperty("Message").GetString() ?? string.Empty));
    }

    private static Dictionary<string, string> ShellEnvironment() => new() { ["FALSTORAGE_CONFIGURATION"] = RepoPaths.BuildConfiguration };
}
