using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>What binds from the pipeline: file objects, plain FileInfo, and CSV-like rows.</summary>
public sealed class PipelineBindingTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private const string Connect = "Connect-FalStorage -Endpoint $args[0] -Key $args[1] | Out-Null; ";

    private readonly EmulatorFixture _emulator;
    private readonly ModuleHost _host = new();
    private readonly TempFolder _files = new();

    public PipelineBindingTests(EmulatorFixture emulator) => _emulator = emulator;

    public void Dispose()
    {
        _host.Dispose();
        _files.Dispose();
    }

    [Fact]
    public void File_objects_bind_to_Request_FalUpload_by_their_Name()
    {
        _files.WriteRandomFile("one.wav", 10);
        _files.WriteRandomFile("two.wav", 10);

        var result = _host.Run(
            Connect + "$ExecutionContext.InvokeProvider.ChildItem.Get([IO.Path]::Combine($args[2], '*.wav'), $false) | Request-FalUpload",
            _emulator.BaseAddress.ToString(), _emulator.Key, _files.Path);

        result.AssertSucceeded();
        var tickets = result.OutputOf<FalUploadTicket>();
        Assert.Equal(["one.wav", "two.wav"], tickets.Select(t => t.FileName).Order());
        Assert.All(tickets, t => Assert.Equal("audio/wav", t.ContentType));
        Assert.All(tickets, t => Assert.EndsWith("/" + t.FileName, t.FileUrl));
    }

    [Fact]
    public void Rows_with_FileName_and_ContentType_bind_to_Request_FalUpload()
    {
        var result = _host.Run(
            Connect + "@([pscustomobject]@{ FileName = 'depth.bin'; ContentType = 'image/png' }, [pscustomobject]@{ FileName = 'take.mov'; ContentType = $null }) | Request-FalUpload",
            _emulator.BaseAddress.ToString(), _emulator.Key);

        result.AssertSucceeded();
        Assert.Equal(
            [("depth.bin", "image/png"), ("take.mov", "video/quicktime")],
            result.OutputOf<FalUploadTicket>().Select(t => (t.FileName, t.ContentType)));
    }

    [Fact]
    public void A_plain_FileInfo_binds_through_FullName()
    {
        var file = _files.WriteRandomFile("plain.webp", 500);

        var result = _host.Run(Connect + "[IO.FileInfo]::new($args[2]) | Send-FalAsset", _emulator.BaseAddress.ToString(), _emulator.Key, file);

        result.AssertSucceeded();
        var asset = Assert.Single(result.OutputOf<FalAsset>());
        Assert.Equal((file, "image/webp", 500L), (asset.SourcePath, asset.ContentType, asset.Length));
    }

    [Fact]
    public void Path_strings_from_the_pipeline_are_expanded_as_wildcards()
    {
        _files.WriteRandomFile("a1.gif", 10);
        _files.WriteRandomFile("a2.gif", 10);

        var result = _host.Run(
            Connect + "[IO.Path]::Combine($args[2], 'a*.gif'), [IO.Path]::Combine($args[2], 'none-*.gif') | Send-FalAsset",
            _emulator.BaseAddress.ToString(), _emulator.Key, _files.Path);

        Assert.Equal(["a1.gif", "a2.gif"], result.OutputOf<FalAsset>().Select(a => a.FileName).Order());
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("FalStorage.PathNotFound,", error.FullyQualifiedErrorId);
        Assert.EndsWith("none-*.gif", (string)error.TargetObject);
    }
}

/// <summary>-ExpiresIn refuses garbage at binding, with the accepted forms in the message.</summary>
public sealed class ExpiresInBindingTests : IDisposable
{
    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void Garbage_is_refused_before_anything_is_sent()
    {
        var result = _host.Run("Request-FalUpload -FileName a.png -ExpiresIn 'soon'");

        var error = Assert.IsType<System.Management.Automation.ErrorRecord>(result.TerminatingError);
        Assert.Equal("CannotConvertArgumentNoMessage,FalStorage.Commands.RequestFalUploadCommand", error.FullyQualifiedErrorId);
        Assert.Contains("1h, 1d, 7d, 30d, 1y, never", error.Exception.Message);
    }
}
