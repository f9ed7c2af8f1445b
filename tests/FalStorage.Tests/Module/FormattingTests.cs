using System.Management.Automation;
using FalStorage.Core.Api;
using FalStorage.Core.Credentials;
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
    private const string EmulatorUrl = "http://127.0.0.1:8787/files/0848201c3e5a4f6b9d7e1a2b3c4d5e6f/Upload-FalAssets.runbook.ps1";
    private const string FalUrl = "https://v3.fal.media/files/koala/Xk3m9PqR2vT8nB1cZ4dF7_sunset-over-the-bay.png";

    private readonly FalSession _session = new(new FalStorageClient(new Uri("http://127.0.0.1:8787"), new FalCredential(Key, "Parameter")), new Uri("http://127.0.0.1:8787/v1"));

    [Fact]
    public void FalAsset_is_a_table_of_readable_Length_and_FileUrl()
    {
        var lines = RenderWithModule(
            Asset("tiny.txt", 512),
            Asset("red.png", 1536),
            Asset("take.mov", (5 * 1024 * 1024) + (300 * 1024)),
            Asset("weights.bin", 3L * 1024 * 1024 * 1024));

        Assert.Matches(@"^\s*Length\s+FileUrl$", lines[0]);
        Assert.Matches(@"^\s*512 B\s+https://v3\.fal\.media/files/koala/tiny\.txt$", lines[2]);
        Assert.Matches(@"^\s*1\.5 KB\s", lines[3]);
        Assert.Matches(@"^\s*5\.3 MB\s", lines[4]);
        Assert.Matches(@"^\s*3\.0 GB\s", lines[5]);
    }

    [Fact]
    public void In_a_100_column_terminal_each_FileUrl_is_whole()
    {
        // URLs as long as the Demo's and fal's: the emulator's 32-hex object id, fal's id before the name.
        var ticket = new FalUploadTicket(_session, "sunset-over-the-bay.png", "image/png", new Uri(UploadUrl), new Uri(FalUrl), lifetime: null, acl: null);
        var items = new object[]
        {
            new FalAsset(EmulatorUrl, "Upload-FalAssets.runbook.ps1", "application/octet-stream", 1023 * 1024, "/samples/Upload-FalAssets.runbook.ps1", sha256: null, expiresAt: null),
            new FalAsset(FalUrl, "sunset-over-the-bay.png", "image/png", 12_700, "/art/sunset-over-the-bay.png", sha256: null, expiresAt: null),
        };

        using var host = new ModuleHost();
        foreach (var (item, urls) in new[] { (items, new[] { EmulatorUrl, FalUrl }), (new object[] { ticket }, new[] { FalUrl }) })
        {
            var result = host.Run("$args | Out-String -Width 100", item);

            result.AssertSucceeded();
            var screen = (string)result.Output.Single().BaseObject;
            Assert.All(urls, whole => Assert.Contains(whole, screen));
            Assert.DoesNotContain("\u2026", screen);
        }
    }

    [Fact]
    public void FalUploadTicket_is_a_table_without_the_signed_upload_url()
    {
        var ticket = new FalUploadTicket(_session, "red.png", "image/png", new Uri(UploadUrl), new Uri(FileUrl), lifetime: null, acl: null);

        var lines = RenderWithModule(ticket);

        Assert.Matches(@"^ContentType\s+FileUrl$", lines[0]);
        Assert.Matches(@"^image/png\s+https://v3\.fal\.media/files/koala/red\.png$", lines[2]);
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
        var ticket = new FalUploadTicket(_session, "red.png", "image/png", new Uri(UploadUrl), new Uri(FileUrl), lifetime: null, acl: null);

        var screen = ListViews.Render(Asset("red.png", 1536), ticket, _session);

        Assert.Contains("SourcePath  : /art/red.png", screen);
        Assert.Contains("Length      : 1536", screen);
        Assert.Contains("UploadUrl   : " + UploadUrl, screen);
        Assert.Contains("IssuedAt    : ", screen);
        Assert.Matches(@"\nKey +: \*\*\*\*9c41\n", screen);
        Assert.Matches(@"\nKeySource +: Parameter\n", screen);
        Assert.Matches(@"\nUploadFlow +: Auto\n", screen);
        Assert.Matches(@"\nPlatformEndpoint +: http://127\.0\.0\.1:8787/v1/\n", screen);
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
