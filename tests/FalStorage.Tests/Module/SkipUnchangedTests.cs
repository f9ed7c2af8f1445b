using System.Management.Automation;
using FalStorage.Emulator;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>Send-FalAsset -SkipUnchanged and Clear-FalUploadIndex, against the emulator, with an index file of the test's own.</summary>
public sealed class SkipUnchangedTests : ModuleTests
{
    private const string Send = "Send-FalAsset -LiteralPath $args[0] -SkipUnchanged -IndexPath $args[1] -Verbose";

    private string IndexPath => Path.Combine(Files.Path, "index", "upload-index.json");

    [Fact]
    public async Task A_second_run_over_unchanged_files_sends_nothing_and_emits_the_same_assets_marked_Reused()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        ConnectTo(emulator);
        var files = Enumerable.Range(1, 5).Select(i => Files.WriteRandomFile($"frame-{i}.png", 1000 * i)).ToArray();

        var first = Host.Run(Send, files, IndexPath);
        first.AssertSucceeded();
        var second = Host.Run(Send, files, IndexPath);

        second.AssertSucceeded();
        Assert.Equal(5, emulator.Emulator.ListObjects().Count);
        Assert.All(first.OutputOf<FalAsset>(), asset => Assert.False(asset.Reused));
        Assert.All(second.OutputOf<FalAsset>(), asset => Assert.True(asset.Reused));
        Assert.Equal(first.OutputOf<FalAsset>().Select(a => a.FileUrl), second.OutputOf<FalAsset>().Select(a => a.FileUrl));
        Assert.Equal(files, second.OutputOf<FalAsset>().Select(a => a.SourcePath));
        Assert.Equal(5, second.Verbose.Count(v => v.Contains("unchanged since it was uploaded", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_changed_file_a_new_name_or_another_type_is_uploaded_again()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        ConnectTo(emulator);
        var file = Files.WriteRandomFile("changing.png", 4000);
        Host.Run(Send, file, IndexPath).AssertSucceeded();

        Files.WriteRandomFile("changing.png", 4000);
        var changed = Host.Run(Send, file, IndexPath);
        var renamed = Host.Run(Send + " -FileName other.png", file, IndexPath);
        var retyped = Host.Run(Send + " -ContentType image/webp", file, IndexPath);
        var again = Host.Run(Send, file, IndexPath);

        Assert.All(new[] { changed, renamed, retyped }, result => Assert.False(Assert.Single(result.OutputOf<FalAsset>()).Reused));
        Assert.True(Assert.Single(again.OutputOf<FalAsset>()).Reused);
        Assert.Equal(changed.OutputOf<FalAsset>()[0].FileUrl, again.OutputOf<FalAsset>()[0].FileUrl);
        Assert.Equal(4, emulator.Emulator.ListObjects().Count);
    }

    [Fact]
    public async Task A_file_the_CDN_deleted_is_uploaded_again_and_the_index_forgets_the_old_url()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var emulator = await EmulatorFixture.StartAsync(options => options.TimeProvider = clock);
        ConnectTo(emulator);
        var file = Files.WriteRandomFile("short-lived.png", 3000);
        var first = Host.Run(Send + " -ExpiresIn 1h", file, IndexPath);
        first.AssertSucceeded();

        // The emulator's clock runs two hours ahead: its lifecycle deleted the object, though the index says it lives.
        clock.Now += TimeSpan.FromHours(2);
        var second = Host.Run(Send + " -ExpiresIn 1h", file, IndexPath);

        second.AssertSucceeded();
        var asset = Assert.Single(second.OutputOf<FalAsset>());
        Assert.False(asset.Reused);
        Assert.NotEqual(first.OutputOf<FalAsset>()[0].FileUrl, asset.FileUrl);
        Assert.Contains(second.Verbose, v => v.Contains("no longer serves it", StringComparison.Ordinal));
        Assert.DoesNotContain(first.OutputOf<FalAsset>()[0].FileUrl, File.ReadAllText(IndexPath).Replace("\\/", "/", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    /// <summary>The checks are HEADs, with no body: they go four times as wide as the uploads, so a run over unchanged
    /// files is not held to the uploads' throttle.</summary>
    [Fact]
    public async Task The_HEADs_of_unchanged_files_go_four_times_as_wide_as_the_throttle()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        ConnectTo(emulator);
        var files = Enumerable.Range(1, 6).Select(i => Files.WriteRandomFile($"wide-{i}.png", 2000)).ToArray();
        Host.Run(Send + " -ThrottleLimit 1", files, IndexPath).AssertSucceeded();
        emulator.Emulator.Faults[RouteKind.Cdn].Latency = TimeSpan.FromSeconds(30);

        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = Host.Runspace;
        shell.AddScript(Send + " -ThrottleLimit 1").AddArgument(files).AddArgument(IndexPath);
        shell.BeginInvoke();
        await Eventually.TrueAsync(() => emulator.Emulator.Faults.RequestCount(RouteKind.Cdn) >= 4, "four HEADs in flight at once");
        await Task.Delay(300);
        shell.Stop();

        Assert.Equal(4, emulator.Emulator.Faults.RequestCount(RouteKind.Cdn));
    }

    /// <summary>The first check learns the ETag the CDN serves; a later check that finds another one (the object at that
    /// URL was replaced, here: the index says another) uploads the file again.</summary>
    [Fact]
    public async Task The_ETag_the_CDN_serves_is_learnt_at_the_first_check_and_another_one_means_upload_again()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        ConnectTo(emulator);
        var file = Files.WriteRandomFile("tagged.png", 5000);
        var first = Host.Run(Send, file, IndexPath);
        first.AssertSucceeded();
        Assert.DoesNotContain("\"etag\"", File.ReadAllText(IndexPath), StringComparison.Ordinal);

        var second = Host.Run(Send, file, IndexPath);
        second.AssertSucceeded();
        Assert.True(Assert.Single(second.OutputOf<FalAsset>()).Reused);
        using var head = await emulator.HttpClient.SendAsync(new HttpRequestMessage(HttpMethod.Head, first.OutputOf<FalAsset>()[0].FileUrl));
        var recorded = $"\"etag\":\"\\\"{head.Headers.ETag!.Tag.Trim('"')}\\\"\"";
        var index = File.ReadAllText(IndexPath);
        Assert.Contains(recorded, index, StringComparison.Ordinal);

        File.WriteAllText(IndexPath, index.Replace(recorded, "\"etag\":\"\\\"another\\\"\"", StringComparison.Ordinal));
        var third = Host.Run(Send, file, IndexPath);

        third.AssertSucceeded();
        var asset = Assert.Single(third.OutputOf<FalAsset>());
        Assert.False(asset.Reused);
        Assert.NotEqual(first.OutputOf<FalAsset>()[0].FileUrl, asset.FileUrl);
        Assert.Equal(2, emulator.Emulator.ListObjects().Count);
    }

    [Fact]
    public async Task With_Verify_a_reused_file_is_read_back_and_carries_its_Sha256()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        ConnectTo(emulator);
        var file = Files.WriteRandomFile("checked.wav", 70_000);
        var first = Host.Run(Send + " -Verify", file, IndexPath);
        var second = Host.Run(Send + " -Verify", file, IndexPath);

        second.AssertSucceeded();
        var reused = Assert.Single(second.OutputOf<FalAsset>());
        Assert.True(reused.Reused);
        Assert.Equal(first.OutputOf<FalAsset>()[0].Sha256, reused.Sha256);
        Assert.NotNull(reused.Sha256);
    }

    /// <summary>Issue 17, item 1: a user's file named as the index was replaced by an index.</summary>
    [Fact]
    public async Task A_file_that_is_not_an_index_is_left_byte_for_byte_and_the_files_are_uploaded_with_a_warning()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        ConnectTo(emulator);
        var file = Files.WriteRandomFile("notes.txt", 500);
        var settings = Path.Combine(Files.Path, "settings.json");
        File.WriteAllText(settings, "{\"my\":\"settings\"}");

        var first = Host.Run(Send, file, settings);
        var second = Host.Run(Send, file, settings);

        first.AssertSucceeded();
        Assert.Equal("{\"my\":\"settings\"}", File.ReadAllText(settings));
        Assert.False(File.Exists(settings + ".lock"));
        var warning = Assert.Single(first.Warnings);
        Assert.Contains($"'{settings}' is not a FalStorage upload index, so it was left as it is", warning, StringComparison.Ordinal);
        Assert.Contains("every file is uploaded", warning, StringComparison.Ordinal);
        Assert.False(Assert.Single(second.OutputOf<FalAsset>()).Reused);
        Assert.Equal(2, emulator.Emulator.ListObjects().Count);
    }

    /// <summary>Issue 17, item 1: Clear-FalUploadIndex deleted any file it was given.</summary>
    [Fact]
    public void Clear_FalUploadIndex_refuses_a_file_that_is_not_an_index_and_a_directory_and_changes_neither()
    {
        var precious = Path.Combine(Files.Path, "precious.txt");
        File.WriteAllText(precious, "years of notes");
        var folder = Directory.CreateDirectory(Path.Combine(Files.Path, "results")).FullName;

        var onFile = Host.Run("Clear-FalUploadIndex -IndexPath $args[0]", precious);
        var onFolder = Host.Run("Clear-FalUploadIndex -IndexPath $args[0]", folder);

        var error = Assert.Single(onFile.Errors);
        Assert.Equal("FalStorage.NotAnUploadIndex,FalStorage.Commands.ClearFalUploadIndexCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal(precious, error.TargetObject);
        Assert.Empty(onFile.Warnings);
        Assert.Equal("years of notes", File.ReadAllText(precious));
        var folderError = Assert.Single(onFolder.Errors);
        Assert.Equal("FalStorage.PathIsDirectory,FalStorage.Commands.ClearFalUploadIndexCommand", folderError.FullyQualifiedErrorId);
        Assert.Contains("is a directory", folderError.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(["precious.txt", "results"], Directory.GetFileSystemEntries(Files.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task A_damaged_index_is_set_aside_with_a_warning_saying_where_and_a_new_one_is_built()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        ConnectTo(emulator);
        var file = Files.WriteRandomFile("a.png", 500);
        Host.Run(Send, file, IndexPath).AssertSucceeded();
        var damaged = File.ReadAllText(IndexPath)[..60];
        File.WriteAllText(IndexPath, damaged);

        var first = Host.Run(Send, file, IndexPath);
        var second = Host.Run(Send, file, IndexPath);

        first.AssertSucceeded();
        var keptAs = Assert.Single(Directory.GetFiles(Path.GetDirectoryName(IndexPath)!, "upload-index.json.corrupt-*"));
        Assert.Equal(damaged, File.ReadAllText(keptAs));
        Assert.Contains(first.Warnings, w => w.Contains($"kept as '{keptAs}'", StringComparison.Ordinal));
        Assert.False(first.OutputOf<FalAsset>()[0].Reused);
        Assert.Empty(second.Warnings);
        Assert.True(second.OutputOf<FalAsset>()[0].Reused);
    }

    [Fact]
    public async Task The_index_holds_no_key_and_no_signed_url_and_FAL_UPLOAD_INDEX_names_it()
    {
        const string key = "canary-index-id:canary-index-secret-5b7c";
        await using var emulator = await EmulatorFixture.StartAsync(options => options.Keys.Add(key));
        // Signed URLs, so that there is one the index could have kept (the canary suite covers both flows).
        Host.Run("Connect-FalStorage -Endpoint $args[0] -Key $args[1] -UploadFlow SignedUrl | Out-Null", emulator.BaseAddress.ToString(), key).AssertSucceeded();
        var file = Files.WriteRandomFile("canary.png", 800);

        var result = Host.Run(
            "$env:FAL_UPLOAD_INDEX = $args[1]; try { Send-FalAsset -LiteralPath $args[0] -SkipUnchanged } finally { $env:FAL_UPLOAD_INDEX = $null }",
            file, IndexPath);

        result.AssertSucceeded();
        // The framework's JSON writer escapes '/' as '\/'.
        var index = File.ReadAllText(IndexPath).Replace("\\/", "/", StringComparison.Ordinal);
        Assert.Contains(result.OutputOf<FalAsset>()[0].FileUrl, index, StringComparison.Ordinal);
        Assert.DoesNotContain("canary-index-secret", index, StringComparison.Ordinal);
        Assert.DoesNotContain("signature", index, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires=", index, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("/uploads/", index, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WhatIf_reads_and_writes_no_index()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        ConnectTo(emulator);
        var file = Files.WriteRandomFile("whatif.png", 300);

        var result = Host.Run(Send + " -WhatIf", file, IndexPath);
        var byPreference = Host.Run("$WhatIfPreference = $true; " + Send, file, IndexPath);

        result.AssertSucceeded();
        byPreference.AssertSucceeded();
        Assert.Empty(result.Output);
        Assert.False(File.Exists(IndexPath));
        Assert.Empty(emulator.Emulator.ListObjects());
    }

    [Fact]
    public async Task Clear_FalUploadIndex_forgets_every_upload_so_the_next_run_sends_again()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        ConnectTo(emulator);
        var file = Files.WriteRandomFile("again.png", 900);
        Host.Run(Send, file, IndexPath).AssertSucceeded();

        var whatIf = Host.Run("Clear-FalUploadIndex -IndexPath $args[0] -WhatIf", IndexPath);
        Assert.True(File.Exists(IndexPath));
        var cleared = Host.Run("Clear-FalUploadIndex -IndexPath $args[0] -Verbose", IndexPath);
        var after = Host.Run(Send, file, IndexPath);

        whatIf.AssertSucceeded();
        cleared.AssertSucceeded();
        Assert.Contains(cleared.Verbose, v => v.Contains("Forgot 1 upload(s)", StringComparison.Ordinal));
        Assert.False(after.OutputOf<FalAsset>()[0].Reused);
        Assert.Equal(2, emulator.Emulator.ListObjects().Count);
    }
}
