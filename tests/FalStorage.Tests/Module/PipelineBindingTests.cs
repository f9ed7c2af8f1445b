using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>What binds, from the pipeline and as arguments: file objects, plain FileInfo, CSV-like rows, lifetimes.</summary>
public sealed class PipelineBindingTests(EmulatorFixture emulator) : ConnectedModuleTests(emulator)
{

    [Fact]
    public void File_objects_bind_to_Request_FalUpload_by_their_Name()
    {
        Files.WriteRandomFile("one.wav", 10);
        Files.WriteRandomFile("two.wav", 10);

        var result = Host.Run(
            "Get-ChildItem -Path ([IO.Path]::Combine($args[0], '*.wav')) | Request-FalUpload",
            Files.Path);

        result.AssertSucceeded();
        var tickets = result.OutputOf<FalUploadTicket>();
        Assert.Equal(["one.wav", "two.wav"], tickets.Select(t => t.FileName).Order());
        Assert.All(tickets, t => Assert.Equal("audio/wav", t.ContentType));
        Assert.All(tickets, t => Assert.EndsWith("/" + t.FileName, t.FileUrl));
    }

    [Fact]
    public void Rows_with_FileName_and_ContentType_bind_to_Request_FalUpload()
    {
        var result = Host.Run(
            "@([pscustomobject]@{ FileName = 'depth.bin'; ContentType = 'image/png' }, [pscustomobject]@{ FileName = 'take.mov'; ContentType = $null }) | Request-FalUpload",
            Emulator.BaseAddress.ToString(), Emulator.Key);

        result.AssertSucceeded();
        Assert.Equal(
            [("depth.bin", "image/png"), ("take.mov", "video/quicktime")],
            result.OutputOf<FalUploadTicket>().Select(t => (t.FileName, t.ContentType)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \t ")]
    public void An_empty_or_blank_content_type_is_not_given_and_is_inferred_from_the_name(string blank)
    {
        var file = Files.WriteRandomFile("blank-type.png", 100);

        // As an argument to both cmdlets, and as an empty CSV cell piped to Request-FalUpload.
        var result = Host.Run(
            "Send-FalAsset -Path $args[0] -ContentType $args[1]; Request-FalUpload -FileName clip.wav -ContentType $args[1]; " +
            "[pscustomobject]@{ FileName = 'row.mov'; ContentType = $args[1] } | Request-FalUpload",
            file, blank);

        result.AssertSucceeded();
        Assert.Equal("image/png", Assert.Single(result.OutputOf<FalAsset>()).ContentType);
        Assert.Equal(
            [("clip.wav", "audio/wav"), ("row.mov", "video/quicktime")],
            result.OutputOf<FalUploadTicket>().Select(t => (t.FileName, t.ContentType)));
        Assert.Contains(Emulator.Emulator.ListObjects(), o => o.FileName == "blank-type.png" && o.ContentType == "image/png");
    }

    [Fact]
    public void A_plain_FileInfo_binds_through_FullName()
    {
        var file = Files.WriteRandomFile("plain.webp", 500);

        var result = Host.Run("[IO.FileInfo]::new($args[0]) | Send-FalAsset", file);

        result.AssertSucceeded();
        var asset = Assert.Single(result.OutputOf<FalAsset>());
        Assert.Equal((file, "image/webp", 500L), (asset.SourcePath, asset.ContentType, asset.Length));
    }

    [Fact]
    public void Path_strings_from_the_pipeline_are_expanded_as_wildcards()
    {
        Files.WriteRandomFile("a1.gif", 10);
        Files.WriteRandomFile("a2.gif", 10);

        var result = Host.Run(
            "[IO.Path]::Combine($args[0], 'a*.gif'), [IO.Path]::Combine($args[0], 'none-*.gif') | Send-FalAsset",
            Files.Path);

        Assert.Equal(["a1.gif", "a2.gif"], result.OutputOf<FalAsset>().Select(a => a.FileName).Order());
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("FalStorage.PathNotFound,", error.FullyQualifiedErrorId);
        Assert.EndsWith("none-*.gif", (string)error.TargetObject);
    }

    [Fact]
    public void ExpiresIn_garbage_is_refused_at_binding_with_the_accepted_forms()
    {
        var result = Host.Run("Request-FalUpload -FileName a.png -ExpiresIn 'soon'");

        var error = Assert.IsType<System.Management.Automation.ErrorRecord>(result.TerminatingError);
        Assert.Equal("CannotConvertArgumentNoMessage,FalStorage.Commands.RequestFalUploadCommand", error.FullyQualifiedErrorId);
        Assert.Contains("1h, 1d, 7d, 30d, 1y, never", error.Exception.Message);
    }
}
