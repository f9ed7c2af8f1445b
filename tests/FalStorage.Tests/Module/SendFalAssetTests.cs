using System.Security.Cryptography;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>Send-FalAsset on the real engine against the emulator, as a user runs it.</summary>
public sealed class SendFalAssetTests(EmulatorFixture emulator) : ConnectedModuleTests(emulator)
{
    private static readonly string[] Pngs = ["red.png", "green.png", "blue.png"];

    [Fact]
    public async Task The_canonical_pipeline_uploads_each_png_byte_for_byte()
    {
        var pngs = Pngs.Select((name, i) => Files.WriteRandomFile(name, 1000 + (i * 70_000))).ToList();
        Files.WriteRandomFile("notes.txt", 10);

        var result = Host.Run(
            "Set-Location -LiteralPath $args[0]; Get-ChildItem *.png | Send-FalAsset",
            Files.Path);

        result.AssertSucceeded();
        var assets = result.OutputOf<FalAsset>();
        Assert.Equal(pngs.Order(), assets.Select(a => a.SourcePath).Order());
        foreach (var asset in assets)
        {
            Assert.Equal("image/png", asset.ContentType);
            Assert.Equal(Path.GetFileName(asset.SourcePath), asset.FileName);
            Assert.Equal(new FileInfo(asset.SourcePath).Length, asset.Length);
            var served = await Emulator.HttpClient.GetByteArrayAsync(asset.FileUrl);
            Assert.Equal(TempFolder.Sha256OfFile(asset.SourcePath), Convert.ToHexString(SHA256.HashData(served)));
        }
    }

    [Fact]
    public async Task A_ticket_from_Request_FalUpload_takes_the_file_once()
    {
        var clip = Files.WriteRandomFile("clip.wav", 4096);

        var result = Host.Run(
            "$ticket = Request-FalUpload -FileName take-2.wav; $ticket; Send-FalAsset -Path $args[0] -Ticket $ticket; Send-FalAsset -Path $args[0] -Ticket $ticket",
            clip);

        var ticket = Assert.Single(result.OutputOf<FalUploadTicket>());
        Assert.Equal("audio/wav", ticket.ContentType);
        var asset = Assert.Single(result.OutputOf<FalAsset>());
        Assert.Equal(ticket.FileUrl, asset.FileUrl);
        Assert.Equal(("take-2.wav", "audio/wav", clip), (asset.FileName, asset.ContentType, asset.SourcePath));
        Assert.Equal(File.ReadAllBytes(clip), await Emulator.HttpClient.GetByteArrayAsync(asset.FileUrl));

        var reuse = Assert.Single(result.Errors);
        Assert.StartsWith("FalStorage.TicketAlreadyUsed,", reuse.FullyQualifiedErrorId);
        Assert.Equal(clip, reuse.TargetObject);
    }

    [Fact]
    public void WhatIf_sends_nothing()
    {
        var file = Files.WriteRandomFile("whatif-only.png", 100);

        var result = Host.Run(
            "Send-FalAsset -Path $args[0] -WhatIf; Request-FalUpload -FileName whatif-ticket.png -WhatIf",
            file);

        result.AssertSucceeded();
        Assert.Empty(result.Output);
        Assert.DoesNotContain(Emulator.Emulator.ListObjects(), o => o.FileName.StartsWith("whatif-", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_file_and_a_directory_are_errors_for_themselves_and_the_rest_is_uploaded()
    {
        var first = Files.WriteRandomFile("first.jpg", 300);
        var last = Files.WriteRandomFile("last.jpg", 300);
        var missing = Path.Combine(Files.Path, "missing.jpg");
        var directory = Directory.CreateDirectory(Path.Combine(Files.Path, "folder.jpg")).FullName;

        var result = Host.Run(
            "Send-FalAsset -LiteralPath $args[0], $args[1], $args[2], $args[3]",
            first, missing, directory, last);

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
        var file = Files.WriteRandomFile("wrong-key.png", 100);

        var result = Host.Run(
            "Connect-FalStorage -Endpoint $args[0] -Key 'not-the-right-key' | Out-Null; Send-FalAsset -Path $args[1], $args[1]",
            Emulator.BaseAddress.ToString(), file);

        var error = Assert.IsType<System.Management.Automation.ErrorRecord>(result.TerminatingError);
        Assert.StartsWith("FalStorage.Unauthorized,", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Contains("401", error.Exception.Message);
        Assert.Empty(result.OutputOf<FalAsset>());
        Assert.DoesNotContain(Emulator.Emulator.ListObjects(), o => o.FileName == "wrong-key.png");
    }

    /// <summary>The signed-URL flow sends the type in initiate's JSON body (content_type), the token flow in its Content-Type
    /// header; Request-FalUpload always initiates.</summary>
    [Theory]
    [InlineData("png", "SignedUrl", "content_type")]
    [InlineData("image", "SignedUrl", "content_type")]
    [InlineData("png", "CdnToken", "Content-Type")]
    [InlineData("image", "Auto", "Content-Type")]
    public void A_content_type_the_service_refuses_reaches_the_user_as_its_422(string contentType, string flow, string field)
    {
        var file = Files.WriteRandomFile("typed.png", 100);
        var good = Files.WriteRandomFile("good.png", 100);

        var result = Host.Run(
            "Send-FalAsset -Path $args[0] -ContentType $args[1] -UploadFlow $args[3]; Send-FalAsset -Path $args[2]; Request-FalUpload -FileName typed.png -ContentType $args[1]",
            file, contentType, good, flow);

        Assert.Null(result.TerminatingError);
        Assert.Single(result.OutputOf<FalAsset>());
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, error =>
        {
            Assert.StartsWith("FalStorage.InvalidRequest,", error.FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains("422", error.Exception.Message);
        });
        Assert.Contains(field, result.Errors[0].Exception.Message);
        Assert.Contains("content_type", result.Errors[1].Exception.Message);
        Assert.Equal(file, result.Errors[0].TargetObject);
        Assert.Equal("typed.png", result.Errors[1].TargetObject);
    }

    [Fact]
    public void Paths_on_other_providers_are_refused()
    {
        var result = Host.Run("Send-FalAsset -Path Env:PATH");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("FalStorage.NotFileSystemPath,", error.FullyQualifiedErrorId);
        Assert.Equal("Env:PATH", error.TargetObject);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void FileName_and_ContentType_override_what_the_file_says()
    {
        var file = Files.WriteRandomFile("raw.bin", 2048);

        var result = Host.Run(
            "Send-FalAsset -Path $args[0] -FileName 'mask.png' -ContentType 'image/png'",
            file);

        result.AssertSucceeded();
        var asset = Assert.Single(result.OutputOf<FalAsset>());
        Assert.Equal("mask.png", asset.FileName);
        Assert.Equal("image/png", asset.ContentType);
        Assert.EndsWith("/mask.png", asset.FileUrl);
    }

    [Fact]
    public void A_refused_connection_names_the_endpoint()
    {
        var file = Files.WriteRandomFile("unreachable.png", 10);
        var closedPort = ClosedLoopbackPort();

        var result = Host.Run(
            "Connect-FalStorage -Endpoint $args[0] -Key 'some-key' | Out-Null; Send-FalAsset -Path $args[1]",
            $"http://127.0.0.1:{closedPort}", file);

        // Nothing there ever answered: no file of the command can get through, so it is one error for the command.
        var error = Assert.IsType<System.Management.Automation.ErrorRecord>(result.TerminatingError);
        Assert.StartsWith("FalStorage.EndpointUnreachable,", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        Assert.Contains($"127.0.0.1:{closedPort}", error.Exception.Message);
    }

    [Fact]
    public void A_Path_with_wildcard_characters_that_names_an_existing_file_says_to_use_LiteralPath()
    {
        var file = Files.WriteRandomFile("a [1].png", 100);

        var result = Host.Run("Send-FalAsset -Path $args[0]", file);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("FalStorage.PathNotFound,", error.FullyQualifiedErrorId);
        Assert.Equal(file, error.TargetObject);
        Assert.Contains($"Send-FalAsset -LiteralPath '{file}'", error.Exception.Message);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void An_asset_records_the_expiry_ExpiresIn_asked_for_and_its_list_view_shows_it_with_the_Sha256()
    {
        var file = Files.WriteRandomFile("listed.png", 1000);
        var before = DateTimeOffset.Now;

        var result = Host.Run(
            "Send-FalAsset -Path $args[0] -Verify -ExpiresIn 1h; Send-FalAsset -Path $args[0] -FileName kept.png; " +
            "Send-FalAsset -Path $args[0] -Ticket (Request-FalUpload -FileName week.png -ExpiresIn 7d)",
            file);

        var after = DateTimeOffset.Now;
        result.AssertSucceeded();
        Assert.Equal(3, result.Output.Count);

        // Read through PowerShell, as a user would: the property must exist on the object.
        var expiresAt = result.Output.Select(o => o.Properties["ExpiresAt"]?.Value).ToList();
        Assert.InRange(Assert.IsType<DateTimeOffset>(expiresAt[0]), before.AddHours(1), after.AddHours(1));
        Assert.Null(expiresAt[1]);
        Assert.InRange(Assert.IsType<DateTimeOffset>(expiresAt[2]), before.AddDays(7), after.AddDays(7));

        var screens = ListViews.RenderEach([.. result.Output.Select(o => o.BaseObject)]);
        Assert.Contains("Sha256      : " + TempFolder.Sha256OfFile(file), screens[0]);
        Assert.Matches(@"\nExpiresAt   : \S", screens[0]);
        Assert.Matches(@"\nSha256      :\s*\n", screens[1]);
        Assert.Matches(@"\nExpiresAt   :\s*\n", screens[1]);
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
