using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>A FalAsset and a FalUploadTicket go where a URL goes: PowerShell converts them to [uri] and [string] as their FileUrl.</summary>
public sealed class UrlConversionTests(EmulatorFixture emulator) : ConnectedModuleTests(emulator)
{
    [Fact]
    public async Task An_asset_converts_to_its_FileUrl_as_a_uri_and_a_string_and_binds_to_a_uri_parameter()
    {
        var file = Files.WriteRandomFile("anywhere.png", 3000);

        // A [uri] parameter binds as Invoke-WebRequest -Uri and Invoke-RestMethod -Uri do.
        var result = Host.Run(
            """
            function Get-Target([Parameter(Mandatory)][uri] $Uri) { $Uri }
            $asset = Send-FalAsset -Path $args[0]
            $asset.FileUrl
            [uri]$asset; [string]$asset; "$asset"; Get-Target -Uri $asset
            """,
            file);

        result.AssertSucceeded();
        var fileUrl = (string)result.Output[0].BaseObject;
        Assert.Equal(new[] { typeof(Uri), typeof(string), typeof(string), typeof(Uri) }, result.Output.Skip(1).Select(o => o.BaseObject.GetType()));
        Assert.All(result.Output.Skip(1), o => Assert.Equal(fileUrl, o.BaseObject is Uri uri ? uri.AbsoluteUri : (string)o.BaseObject));
        Assert.Equal(File.ReadAllBytes(file), await Emulator.HttpClient.GetByteArrayAsync((Uri)result.Output[^1].BaseObject));
    }

    [Fact]
    public void A_ticket_converts_to_its_FileUrl_not_its_upload_URL()
    {
        var result = Host.Run(
            """
            function Get-Target([Parameter(Mandatory)][uri] $Uri) { $Uri }
            $ticket = Request-FalUpload -FileName later.png
            $ticket.FileUrl; [uri]$ticket; [string]$ticket; Get-Target -Uri $ticket
            """);

        result.AssertSucceeded();
        var fileUrl = (string)result.Output[0].BaseObject;
        Assert.Equal(fileUrl, ((Uri)result.Output[1].BaseObject).AbsoluteUri);
        Assert.Equal(fileUrl, (string)result.Output[2].BaseObject);
        Assert.Equal(fileUrl, ((Uri)result.Output[3].BaseObject).AbsoluteUri);
    }
}
