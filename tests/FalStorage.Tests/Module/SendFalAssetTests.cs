using System.Security.Cryptography;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>Send-FalAsset on the real engine against the emulator, as a user runs it.</summary>
public sealed class SendFalAssetTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private const string Connect = "Connect-FalStorage -Endpoint $args[0] -Key $args[1] | Out-Null; ";

    private readonly EmulatorFixture _emulator;
    private readonly ModuleHost _host = new();
    private readonly TempFolder _files = new();

    public SendFalAssetTests(EmulatorFixture emulator) => _emulator = emulator;

    public void Dispose()
    {
        _host.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task The_canonical_pipeline_uploads_each_png_byte_for_byte()
    {
        var pngs = new[] { "red.png", "green.png", "blue.png" }.Select((name, i) => _files.WriteRandomFile(name, 1000 + (i * 70_000))).ToList();
        _files.WriteRandomFile("notes.txt", 10);

        var result = _host.Run(
            Connect + "$ExecutionContext.InvokeProvider.ChildItem.Get([IO.Path]::Combine($args[2], '*.png'), $false) | Send-FalAsset",
            _emulator.BaseAddress.ToString(), _emulator.Key, _files.Path);

        result.AssertSucceeded();
        var assets = result.OutputOf<FalAsset>();
        Assert.Equal(pngs.Order(), assets.Select(a => a.SourcePath).Order());
        foreach (var asset in assets)
        {
            Assert.Equal("image/png", asset.ContentType);
            Assert.Equal(Path.GetFileName(asset.SourcePath), asset.FileName);
            Assert.Equal(new FileInfo(asset.SourcePath).Length, asset.Length);
            var served = await _emulator.HttpClient.GetByteArrayAsync(asset.FileUrl);
            Assert.Equal(TempFolder.Sha256OfFile(asset.SourcePath), Convert.ToHexString(SHA256.HashData(served)));
        }
    }

    [Fact]
    public async Task A_ticket_from_Request_FalUpload_takes_the_file_once()
    {
        var clip = _files.WriteRandomFile("clip.wav", 4096);

        var result = _host.Run(
            Connect + "$ticket = Request-FalUpload -FileName clip.wav; $ticket; Send-FalAsset -Path $args[2] -Ticket $ticket; Send-FalAsset -Path $args[2] -Ticket $ticket",
            _emulator.BaseAddress.ToString(), _emulator.Key, clip);

        var ticket = Assert.Single(result.OutputOf<FalUploadTicket>());
        Assert.Equal("audio/wav", ticket.ContentType);
        var asset = Assert.Single(result.OutputOf<FalAsset>());
        Assert.Equal(ticket.FileUrl, asset.FileUrl);
        Assert.Equal("audio/wav", asset.ContentType);
        Assert.Equal(File.ReadAllBytes(clip), await _emulator.HttpClient.GetByteArrayAsync(asset.FileUrl));

        var reuse = Assert.Single(result.Errors);
        Assert.StartsWith("FalStorage.TicketAlreadyUsed,", reuse.FullyQualifiedErrorId);
        Assert.Equal(clip, reuse.TargetObject);
    }

    [Fact]
    public void WhatIf_sends_nothing()
    {
        var file = _files.WriteRandomFile("whatif-only.png", 100);

        var result = _host.Run(
            Connect + "Send-FalAsset -Path $args[2] -WhatIf; Request-FalUpload -FileName whatif-ticket.png -WhatIf",
            _emulator.BaseAddress.ToString(), _emulator.Key, file);

        result.AssertSucceeded();
        Assert.Empty(result.Output);
        Assert.DoesNotContain(_emulator.Emulator.ListObjects(), o => o.FileName.StartsWith("whatif-", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_file_and_a_directory_are_errors_for_themselves_and_the_rest_is_uploaded()
    {
        var first = _files.WriteRandomFile("first.jpg", 300);
        var last = _files.WriteRandomFile("last.jpg", 300);
        var missing = Path.Combine(_files.Path, "missing.jpg");
        var directory = Directory.CreateDirectory(Path.Combine(_files.Path, "folder.jpg")).FullName;

        var result = _host.Run(
            Connect + "Send-FalAsset -LiteralPath $args[2], $args[3], $args[4], $args[5]",
            _emulator.BaseAddress.ToString(), _emulator.Key, first, missing, directory, last);

        Assert.Null(result.TerminatingError);
        Assert.Equal([first, last], result.OutputOf<FalAsset>().Select(a => a.SourcePath));
        Assert.Collection(
            result.Errors,
            error =>
            {
                Assert.StartsWith("FalStorage.PathNotFound,", error.FullyQualifiedErrorId);
                Assert.Equal(System.Management.Automation.ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
                Assert.Equal(missing, error.TargetObject);
            },
            error =>
            {
                Assert.StartsWith("FalStorage.PathIsDirectory,", error.FullyQualifiedErrorId);
                Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
                Assert.Equal(directory, error.TargetObject);
            });
    }

    [Fact]
    public void A_wrong_key_stops_the_command_with_the_servers_reason()
    {
        var file = _files.WriteRandomFile("wrong-key.png", 100);

        var result = _host.Run(
            "Connect-FalStorage -Endpoint $args[0] -Key 'not-the-right-key' | Out-Null; Send-FalAsset -Path $args[1], $args[1]",
            _emulator.BaseAddress.ToString(), file);

        var error = Assert.IsType<System.Management.Automation.ErrorRecord>(result.TerminatingError);
        Assert.StartsWith("FalStorage.Unauthorized,", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Contains("401", error.Exception.Message);
        Assert.Empty(result.OutputOf<FalAsset>());
        Assert.DoesNotContain(_emulator.Emulator.ListObjects(), o => o.FileName == "wrong-key.png");
    }

    [Theory]
    [InlineData("")]
    [InlineData("png")]
    public void A_content_type_the_service_refuses_reaches_the_user_as_its_422(string contentType)
    {
        var file = _files.WriteRandomFile("typed.png", 100);
        var good = _files.WriteRandomFile("good.png", 100);

        var result = _host.Run(
            Connect + "Send-FalAsset -Path $args[2] -ContentType $args[3]; Send-FalAsset -Path $args[4]; Request-FalUpload -FileName typed.png -ContentType $args[3]",
            _emulator.BaseAddress.ToString(), _emulator.Key, file, contentType, good);

        Assert.Null(result.TerminatingError);
        Assert.Single(result.OutputOf<FalAsset>());
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, error =>
        {
            Assert.StartsWith("FalStorage.InvalidRequest,", error.FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains("422", error.Exception.Message);
            Assert.Contains("content_type", error.Exception.Message);
        });
        Assert.Equal(file, result.Errors[0].TargetObject);
        Assert.Equal("typed.png", result.Errors[1].TargetObject);
    }

    [Fact]
    public void Paths_on_other_providers_are_refused()
    {
        var result = _host.Run(Connect + "Send-FalAsset -Path Env:PATH", _emulator.BaseAddress.ToString(), _emulator.Key);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("FalStorage.NotFileSystemPath,", error.FullyQualifiedErrorId);
        Assert.Equal("Env:PATH", error.TargetObject);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void FileName_and_ContentType_override_what_the_file_says()
    {
        var file = _files.WriteRandomFile("raw.bin", 2048);

        var result = _host.Run(
            Connect + "Send-FalAsset -Path $args[2] -FileName 'mask.png' -ContentType 'image/png'",
            _emulator.BaseAddress.ToString(), _emulator.Key, file);

        result.AssertSucceeded();
        var asset = Assert.Single(result.OutputOf<FalAsset>());
        Assert.Equal("mask.png", asset.FileName);
        Assert.Equal("image/png", asset.ContentType);
        Assert.EndsWith("/mask.png", asset.FileUrl);
    }

    [Fact]
    public void A_refused_connection_names_the_endpoint()
    {
        var file = _files.WriteRandomFile("unreachable.png", 10);
        var closedPort = ClosedLoopbackPort();

        var result = _host.Run(
            "Connect-FalStorage -Endpoint $args[0] -Key 'some-key' | Out-Null; Send-FalAsset -Path $args[1]",
            $"http://127.0.0.1:{closedPort}", file);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("FalStorage.EndpointUnreachable,", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        Assert.Contains($"127.0.0.1:{closedPort}", error.Exception.Message);
    }

    private static int ClosedLoopbackPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
