using System.Management.Automation;
using System.Management.Automation.Language;
using FalStorage.Core;
using FalStorage.Core.Credentials;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>
/// Get-Help on the hosted engine, checked against what the cmdlets really are (Get-Command's metadata): the help
/// is built from docs/help/*.md and the cmdlets' metadata (src/FalStorage.HelpCompiler), and these tests check
/// what a user sees of it.
/// </summary>
public sealed class HelpTests : IDisposable
{
    // The parameters of every exported cmdlet, without the common ones (-Verbose, -WhatIf, ...), as "Cmdlet -Parameter".
    private const string ActualParameters = """
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        Get-Command -Module FalStorage | ForEach-Object {
            $cmdlet = $_.Name
            $_.Parameters.Keys | Where-Object { $common -notcontains $_ } | ForEach-Object { "$cmdlet -$_" }
        }
        """;

    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    public static TheoryData<string> Cmdlets => new(ExportedCmdlets());

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Each_cmdlet_has_a_synopsis_a_description_and_three_examples_that_parse(string cmdlet)
    {
        var help = Help(cmdlet);

        var synopsis = Text(help, "Synopsis");
        Assert.False(string.IsNullOrWhiteSpace(synopsis));
        Assert.DoesNotContain("[<CommonParameters>]", synopsis); // what Get-Help makes up for a cmdlet without help
        Assert.True(Text(help, "description").Length > 100, "description: " + Text(help, "description"));
        var examples = Items(help, "examples", "example");
        Assert.True(examples.Count >= 3, $"{cmdlet} has {examples.Count} examples");
        foreach (var example in examples)
        {
            var code = Text(example, "code");
            Parser.ParseInput(code, out _, out var syntaxErrors);
            Assert.True(syntaxErrors.Length == 0, $"{cmdlet} example does not parse: {code}\n{string.Join("\n", syntaxErrors.Select(e => e.Message))}");
            Assert.False(string.IsNullOrWhiteSpace(Text(example, "remarks")), $"{cmdlet} example has no remarks: {code}");
        }
    }

    [Fact]
    public void Every_parameter_of_every_exported_cmdlet_is_described()
    {
        var actual = _host.Run(ActualParameters);
        actual.AssertSucceeded();

        var undescribed = actual.Output.Select(o => o.ToString()).Where(parameter =>
        {
            var (cmdlet, name) = Split(parameter);
            var described = Items(Help(cmdlet), "parameters", "parameter").FirstOrDefault(p => Text(p, "name") == name);
            return described == null || string.IsNullOrWhiteSpace(Text(described, "description"));
        });

        Assert.Empty(undescribed);
    }

    [Fact]
    public void Help_describes_no_parameter_the_cmdlets_do_not_have()
    {
        var actual = _host.Run("Get-Command -Module FalStorage | ForEach-Object { $cmdlet = $_.Name; $_.Parameters.Keys | ForEach-Object { \"$cmdlet -$_\" } }");
        actual.AssertSucceeded();
        var existing = actual.Output.Select(o => o.ToString()).ToHashSet();

        var documented = ExportedCmdlets().SelectMany(cmdlet => Items(Help(cmdlet), "parameters", "parameter").Select(p => $"{cmdlet} -{Text(p, "name")}"));

        Assert.All(documented, parameter => Assert.Contains(parameter, existing));
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void The_syntax_in_the_help_is_the_cmdlets_parameter_sets(string cmdlet)
    {
        // Each set as its "Name:required:position" entries, without the common parameters.
        var actual = _host.Run(
            """
            $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
            (Get-Command $args[0]).ParameterSets | ForEach-Object {
                @($_.Parameters | Where-Object { $common -notcontains $_.Name } | ForEach-Object {
                    '{0}:{1}:{2}' -f $_.Name, $_.IsMandatory.ToString().ToLowerInvariant(), $(if ($_.Position -lt 0) { 'named' } else { $_.Position })
                }) -join ' '
            }
            """,
            cmdlet);
        actual.AssertSucceeded();
        var optionalCommon = Cmdlet.OptionalCommonParameters.ToHashSet();

        var documented = Items(Help(cmdlet), "syntax", "syntaxItem").Select(item => Items(item, "parameter")
            .Where(p => !optionalCommon.Contains(Text(p, "name")))
            .Select(p => $"{Text(p, "name")}:{Text(p, "required")}:{Text(p, "position")}"));

        Assert.Equal(actual.Output.Select(set => InOrder(set.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))).Order(), documented.Select(InOrder).Order());
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Pipeline_input_and_aliases_in_the_help_are_the_cmdlets(string cmdlet)
    {
        foreach (var parameter in Items(Help(cmdlet), "parameters", "parameter"))
        {
            var name = Text(parameter, "name");
            var actual = _host.Run(
                """
                $parameter = (Get-Command $args[0]).Parameters[$args[1]]
                $kinds = @(
                    if ($parameter.Attributes.Where({ $_ -is [Parameter] -and $_.ValueFromPipeline })) { 'ByValue' }
                    if ($parameter.Attributes.Where({ $_ -is [Parameter] -and $_.ValueFromPipelineByPropertyName })) { 'ByPropertyName' })
                if ($kinds) { 'True ({0})' -f ($kinds -join ', ') } else { 'False' }
                if ($parameter.Aliases.Count) { $parameter.Aliases -join ', ' } else { 'none' }
                """,
                cmdlet, name);
            actual.AssertSucceeded();

            Assert.Equal([Text(parameter, "pipelineInput"), Text(parameter, "aliases")], actual.Output.Select(o => o.ToString()));
        }
    }

    [Fact]
    public void Get_Help_Full_shows_the_syntax_types_and_pipeline_input_the_cmdlet_declares()
    {
        var result = _host.Run("Get-Help Send-FalAsset -Full | Out-String -Width 1000");
        result.AssertSucceeded();
        var text = string.Concat(result.Output.Select(o => o.ToString())).Replace("\r\n", "\n");

        // Each parameter set, in Get-Command's order, with -WhatIf and -Confirm as PowerShell adds them.
        Assert.Contains("Send-FalAsset -Content <Object> -FileName <String> [-ContentType <String>]", text);
        Assert.Matches(@"Send-FalAsset -LiteralPath <String\[\]> -Ticket <FalUploadTicket> [^\n]*\[-WhatIf\] \[-Confirm\] \[<CommonParameters>\]", text);
        Assert.Matches(@"-Path <String\[\]>\n(?:[^\n]*\n)*?\s+Required\?\s+true\n\s+Position\?\s+0\n\s+Default value\s+None\n\s+Accept pipeline input\?\s+True \(ByValue\)\n\s+Aliases\s+none\n\s+Accept wildcard characters\?\s+true", text);
        Assert.Matches(@"-LiteralPath <String\[\]>\n(?:[^\n]*\n)*?\s+Accept pipeline input\?\s+True \(ByPropertyName\)\n\s+Aliases\s+PSPath, FullName, LP", text);
    }

    [Fact]
    public void The_examples_show_the_pipeline_a_runbook_the_ticket_flow_and_the_emulator()
    {
        var code = string.Join("\n", Items(Help("Send-FalAsset"), "examples", "example").Select(example => Text(example, "code")));

        Assert.Matches(@"Get-ChildItem [^\n]*\| Send-FalAsset", code);
        Assert.Contains("Get-AutomationVariable", code);
        Assert.Contains("$ProgressPreference = 'SilentlyContinue'", code);
        Assert.Matches(@"Request-FalUpload [^\n]*\n[^\n]*Send-FalAsset [^\n]*-Ticket", code);
        Assert.Contains("Connect-FalStorage -Endpoint http://127.0.0.1:8787", code);
    }

    [Fact]
    public void about_FalStorage_explains_uploads_sessions_the_emulator_and_every_variable_and_cmdlet()
    {
        var result = _host.Run("Get-Help about_FalStorage");
        result.AssertSucceeded();
        var text = string.Join("\n", result.Output.Select(o => o.ToString()));

        foreach (var heading in new[] { "about_FalStorage", "HOW UPLOADS WORK", "SESSIONS", "ENVIRONMENT VARIABLES", "THE LOCAL EMULATOR", "AZURE AUTOMATION" })
        {
            Assert.Contains(heading, text);
        }

        foreach (var name in ExportedCmdlets().Concat([CredentialResolver.KeyVariable, CredentialResolver.KeyIdVariable, CredentialResolver.KeySecretVariable, CredentialResolver.RestHostVariable]))
        {
            Assert.Contains(name, text);
        }

        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 80, "longer than 80 characters: " + line));
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Get_Help_Online_goes_to_the_cmdlets_section_of_the_project_page(string cmdlet)
    {
        var result = _host.Run("(Get-Command -Name $args[0]).HelpUri; (Test-ModuleManifest -Path $args[1]).ProjectUri", cmdlet, RepoPaths.ModuleManifest);
        result.AssertSucceeded();
        var helpUri = result.Output[0]?.ToString();
        var projectUri = result.Output[1].ToString().TrimEnd('/');

        // GitHub's anchor of a README heading "### Send-FalAsset" is #send-falasset.
        Assert.Equal(projectUri + "#" + cmdlet.ToLowerInvariant(), helpUri);
        Assert.Contains("\n### " + cmdlet + "\n", File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")).Replace("\r\n", "\n"));
    }

    private static List<string> ExportedCmdlets()
    {
        using var host = new ModuleHost();
        return host.Run("(Get-Command -Module FalStorage).Name").Output.Select(o => o.ToString()).ToList();
    }

    private PSObject Help(string cmdlet)
    {
        var result = _host.Run("Get-Help -Name $args[0] -Full", cmdlet);
        result.AssertSucceeded();
        return Assert.Single(result.Output);
    }

    private static string InOrder(IEnumerable<string> entries) => string.Join(' ', entries.Order(StringComparer.Ordinal));

    private static (string Cmdlet, string Parameter) Split(string cmdletAndParameter)
    {
        var parts = cmdletAndParameter.Split(" -");
        return (parts[0], parts[1]);
    }

    /// <summary>The elements at the end of a path of help properties (each may hold one object or several).</summary>
    private static List<PSObject> Items(PSObject help, params string[] path)
    {
        IEnumerable<PSObject> items = [help];
        foreach (var name in path)
        {
            items = items.SelectMany(item => LanguagePrimitives.GetEnumerable(item.Properties[name]?.Value)?.Cast<object>() ?? Value(item.Properties[name]?.Value))
                .Select(PSObject.AsPSObject);
        }

        return items.ToList();
    }

    private static IEnumerable<object> Value(object? value) => value == null ? [] : [value];

    /// <summary>A help property as text: paragraphs ({Text = ...} objects) joined, plain values as they are.</summary>
    private static string Text(PSObject help, string name)
    {
        var value = help.Properties[name]?.Value;
        var parts = LanguagePrimitives.GetEnumerable(value)?.Cast<object>() ?? Value(value);
        return string.Join("\n", parts.Select(part => PSObject.AsPSObject(part).Properties["Text"]?.Value ?? part)).Trim();
    }
}
