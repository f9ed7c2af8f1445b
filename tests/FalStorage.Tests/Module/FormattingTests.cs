using System.Management.Automation;
using FalStorage.Core;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>
/// What the objects look like on screen: the module's format file rendered by the engine's own
/// Out-Default into a host that records the screen.
/// </summary>
public sealed class FormattingTests
{
    private const string Key = "format-key-id:format-key-secret-9c41";
    private const string FileUrl = "https://v3.fal.media/files/koala/red.png";
    private const string UploadUrl = "https://storage.example/upload/red.png?signature=abc123";

    private readonly FalSession _session = new(new FalStorageClient(new Uri("http://127.0.0.1:8787"), new FalCredential(Key, "Parameter")));

    [Fact]
    public void FalAsset_is_a_table_of_FileName_readable_Length_ContentType_and_FileUrl()
    {
        var lines = RenderWithModule(
            Asset("tiny.txt", 512),
            Asset("red.png", 1536),
            Asset("take.mov", (5 * 1024 * 1024) + (300 * 1024)),
            Asset("weights.bin", 3L * 1024 * 1024 * 1024));

        Assert.Matches(@"^FileName\s+Length\s+ContentType\s+FileUrl$", lines[0]);
        Assert.Matches(@"^tiny\.txt\s+512 B\s+image/png\s+https://v3\.fal\.media/files/koala/tiny\.txt$", lines[2]);
        Assert.Matches(@"^red\.png\s+1\.5 KB\s", lines[3]);
        Assert.Matches(@"^take\.mov\s+5\.3 MB\s", lines[4]);
        Assert.Matches(@"^weights\.bin\s+3\.0 GB\s", lines[5]);
    }

    [Fact]
    public void FalUploadTicket_is_a_table_without_the_signed_upload_url()
    {
        var ticket = new FalUploadTicket(_session, "red.png", "image/png", new Uri(UploadUrl), new Uri(FileUrl), lifetime: null);

        var lines = RenderWithModule(ticket);

        Assert.Matches(@"^FileName\s+ContentType\s+FileUrl$", lines[0]);
        Assert.Matches(@"^red\.png\s+image/png\s+https://v3\.fal\.media/files/koala/red\.png$", lines[2]);
        Assert.DoesNotContain(lines, line => line.Contains("signature", StringComparison.Ordinal));
    }

    [Fact]
    public void FalSession_is_a_table_of_Endpoint_masked_Key_and_ConnectedAt()
    {
        var lines = RenderWithModule(_session);

        Assert.Matches(@"^Endpoint\s+Key\s+ConnectedAt$", lines[0]);
        Assert.Matches(@"^http://127\.0\.0\.1:8787/\s+\*\*\*\*9c41\s+\S", lines[2]);
        Assert.DoesNotContain(lines, line => line.Contains("format-key-secret", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_type_has_a_list_view_with_the_details()
    {
        var ticket = new FalUploadTicket(_session, "red.png", "image/png", new Uri(UploadUrl), new Uri(FileUrl), lifetime: null);

        var screen = ListViews.Render(Asset("red.png", 1536), ticket, _session);

        Assert.Contains("SourcePath  : /art/red.png", screen);
        Assert.Contains("Length      : 1536", screen);
        Assert.Contains("UploadUrl   : " + UploadUrl, screen);
        Assert.Contains("IssuedAt    : ", screen);
        Assert.Contains("Key         : ****9c41", screen);
        Assert.Contains("KeySource   : Parameter", screen);
        Assert.Contains("UploadFlow  : Auto", screen);
        Assert.DoesNotContain("format-key-secret", screen);
    }

    [Fact]
    public void The_objects_keep_every_property_for_Select_Object_and_ConvertTo_Json()
    {
        using var host = new ModuleHost();
        foreach (var item in new object[] { Asset("red.png", 1), _session })
        {
            var result = host.Run("$args[0].PSObject.Properties.Name", item);

            result.AssertSucceeded();
            Assert.Equal(item.GetType().GetProperties().Select(p => p.Name).Order(), result.Output.Select(o => o.ToString()).Order());
        }
    }

    private static FalAsset Asset(string name, long length) =>
        new("https://v3.fal.media/files/koala/" + name, name, "image/png", length, "/art/" + name, sha256: null, expiresAt: null);

    /// <summary>The non-empty screen lines Out-Default writes for the objects in a runspace with the module imported.</summary>
    private static List<string> RenderWithModule(params object[] items)
    {
        var screen = new RecordingHost();
        using (var host = new ModuleHost(screen))
        {
            host.Run("$args | Out-Default", items).AssertSucceeded();
        }

        return screen.ScreenText.Split('\n').Select(line => line.TrimEnd()).Where(line => line.Length > 0).ToList();
    }
}
