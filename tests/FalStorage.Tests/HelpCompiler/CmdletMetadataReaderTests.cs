using FalStorage.HelpCompiler.Metadata;

namespace FalStorage.Tests.HelpCompiler;

/// <summary>The cmdlet metadata the help compiler reads from the built FalStorage.dll without loading it: what the syntax and parameter help are made of.</summary>
public sealed class CmdletMetadataReaderTests
{
    private static readonly CmdletMetadata SendFalAsset = HelpCompilationTests.Cmdlets().Single(c => c.Name == "Send-FalAsset");

    [Fact]
    public void Every_cmdlet_is_read_with_its_help_uri_and_output_type()
    {
        var cmdlets = HelpCompilationTests.Cmdlets();

        Assert.Equal(
            ["Clear-FalUploadIndex", "Connect-FalStorage", "Disconnect-FalStorage", "Get-FalAssetAcl", "Get-FalSession", "Get-FalStorageSetting", "New-FalSignedUrl", "Request-FalUpload", "Save-FalAsset", "Send-FalAsset", "Set-FalAssetAcl", "Set-FalStorageSetting"],
            cmdlets.Select(c => c.Name));
        Assert.Equal("https://github.com/FalStorage/FalStorage#send-falasset", SendFalAsset.HelpUri);
        Assert.Equal(["FalStorage.FalAsset"], SendFalAsset.OutputTypes);
        Assert.Empty(cmdlets.Single(c => c.Name == "Clear-FalUploadIndex").OutputTypes); // [OutputType(typeof(void))]
    }

    [Fact]
    public void Parameters_carry_their_type_pipeline_input_aliases_and_position()
    {
        var path = SendFalAsset.Parameters.Single(p => p.Name == "Path");
        var literalPath = SendFalAsset.Parameters.Single(p => p.Name == "LiteralPath");

        Assert.Equal(("System.String[]", "String[]", true, "True (ByValue)", 0, true), (path.TypeFullName, path.TypeName, path.IsArray, path.PipelineInput, path.Position, path.AlwaysMandatory));
        Assert.Equal(("True (ByPropertyName)", "PSPath, FullName, LP", (int?)null), (literalPath.PipelineInput, literalPath.AliasText, literalPath.Position));
        Assert.True(SendFalAsset.Parameters.Single(p => p.Name == "Verify").IsSwitch);
    }

    [Fact]
    public void Parameter_sets_come_in_Get_Commands_order_with_WhatIf_and_Confirm_last()
    {
        var sets = SendFalAsset.ParameterSets();

        Assert.Equal(["Path", "PathTicket", "Content", "LiteralPath", "LiteralPathTicket"], sets.Select(s => s.Name));
        var content = sets.Single(s => s.Name == "Content").Members.Select(p => p.Parameter.Name).ToList();
        Assert.Equal(["Content", "FileName"], content.Take(2)); // the mandatory ones first
        Assert.Equal(["WhatIf", "Confirm"], content.TakeLast(2));
    }
}
