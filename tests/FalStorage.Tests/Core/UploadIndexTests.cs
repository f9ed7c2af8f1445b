using System.Diagnostics;
using FalStorage.Core.Credentials;
using FalStorage.Core.Index;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Core;

public sealed partial class UploadIndexTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _folder = new();
    private readonly List<string> _warnings = [];

    private string IndexPath => Path.Combine(_folder.Path, "index", "upload-index.json");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void An_upload_saved_by_one_command_is_found_by_the_next_by_bytes_name_type_endpoint_and_key()
    {
        var key = Key("a.png");
        var first = UploadIndex.Load(IndexPath, _warnings);
        first.Record(Entry(key, expiresAt: null));
        Assert.True(first.Save(_warnings, Now));

        var next = UploadIndex.Load(IndexPath, _warnings);

        Assert.Equal("https://cdn.example/files/a.png", next.Find(key, Now)?.FileUrl);
        Assert.Null(next.Find(Key("b.png"), Now));
        Assert.Null(next.Find(Key("a.png", sha256: new string('b', 64)), Now));
        Assert.Null(next.Find(Key("a.png", length: 11), Now));
        Assert.Null(next.Find(Key("a.png", contentType: "image/jpeg"), Now));
        Assert.Null(next.Find(Key("a.png", endpoint: "http://other.example"), Now));
        Assert.Null(next.Find(Key("a.png", keyScope: "id:someone-else"), Now));
        Assert.Empty(_warnings);
    }

    [Fact]
    public void An_upload_past_its_expiry_is_not_found_and_not_kept()
    {
        var index = UploadIndex.Load(IndexPath, _warnings);
        index.Record(Entry(Key("day.png"), expiresAt: Now.AddDays(1)));
        index.Record(Entry(Key("gone.png"), expiresAt: Now.AddMinutes(-1)));
        index.Save(_warnings, Now);

        var reloaded = UploadIndex.Load(IndexPath, _warnings);

        Assert.NotNull(reloaded.Find(Key("day.png"), Now));
        Assert.Null(reloaded.Find(Key("day.png"), Now.AddDays(2)));
        Assert.Equal(1, reloaded.Count);
    }

    [Fact]
    public void A_forgotten_upload_is_gone_from_the_file()
    {
        SaveUploadsOf(Key("a.png"));

        var next = UploadIndex.Load(IndexPath, _warnings);
        next.Forget(Key("a.png"));
        next.Save(_warnings, Now);

        Assert.Null(UploadIndex.Load(IndexPath, _warnings).Find(Key("a.png"), Now));
    }

    [Fact]
    public void A_missing_index_is_empty_without_a_warning_and_written_at_once()
    {
        var index = UploadIndex.Load(IndexPath, _warnings);

        Assert.Equal(0, index.Count);
        Assert.Empty(_warnings);
        Assert.True(File.Exists(IndexPath));
    }

    [Fact]
    public void Commands_that_start_together_on_a_new_index_hash_a_key_alike_and_keep_every_upload()
    {
        var credential = new FalCredential("a-key-without-an-id-4f2d", "Parameter");
        var indexes = Enumerable.Range(0, 6).AsParallel().Select(_ => UploadIndex.Load(IndexPath, new List<string>())).ToList();
        foreach (var (index, i) in indexes.Select((index, i) => (index, i)))
        {
            index.Record(Entry(Key($"{i}.png", keyScope: index.KeyScope(credential)), null));
            Assert.True(index.Save(_warnings, Now));
        }

        var reloaded = UploadIndex.Load(IndexPath, _warnings);
        Assert.Equal(6, reloaded.Count);
        Assert.All(Enumerable.Range(0, 6), i => Assert.NotNull(reloaded.Find(Key($"{i}.png", keyScope: reloaded.KeyScope(credential)), Now)));
    }

    [Fact]
    public void An_index_that_cannot_be_written_is_a_warning_not_an_error()
    {
        // A file where the index's folder should be: the index can be neither read nor written.
        var blocked = Path.Combine(_folder.Path, "a-file");
        File.WriteAllText(blocked, "x");
        var index = UploadIndex.Load(Path.Combine(blocked, "upload-index.json"), _warnings);
        index.Record(Entry(Key("a.png"), null));

        Assert.False(index.Save(_warnings, Now));
        Assert.Contains(_warnings, w => w.Contains("-IndexPath", StringComparison.Ordinal));
        Assert.Equal("x", File.ReadAllText(blocked));
    }

    [Fact]
    public void An_index_locked_longer_than_the_wait_is_left_alone_with_a_warning()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(IndexPath)!);
        using (new FileStream(IndexPath + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var index = UploadIndex.Load(IndexPath, _warnings, lockTimeout: TimeSpan.FromMilliseconds(300));
            index.Record(Entry(Key("a.png"), null));

            Assert.False(index.Save(_warnings, Now));
        }

        Assert.Equal(2, _warnings.Count(w => w.Contains("locked by another process", StringComparison.Ordinal)));
        Assert.False(File.Exists(IndexPath));
    }

    [SkippableFact]
    public async Task Another_process_holding_the_lock_is_waited_for()
    {
        Skip.If(OperatingSystem.IsWindows() || !File.Exists("/usr/bin/flock"), "needs flock(1), which takes the same lock .NET does on Unix");
        Directory.CreateDirectory(Path.GetDirectoryName(IndexPath)!);
        using var holder = Process.Start("/usr/bin/flock", [IndexPath + ".lock", "sleep", "1.5"]);
        await Eventually.TrueAsync(() => IsLocked(IndexPath + ".lock"), "flock holds the lock");
        var watch = Stopwatch.StartNew();

        var index = UploadIndex.Load(IndexPath, _warnings, lockTimeout: TimeSpan.FromSeconds(20));
        index.Record(Entry(Key("a.png"), null));
        Assert.True(index.Save(_warnings, Now));

        Assert.True(watch.Elapsed > TimeSpan.FromSeconds(0.5), $"it waited {watch.Elapsed}");
        Assert.Empty(_warnings);
        await holder.WaitForExitAsync();
    }

    [Fact]
    public void Eight_runspaces_saving_at_once_lose_nothing()
    {
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            var warnings = new List<string>();
            for (var round = 0; round < 5; round++)
            {
                var index = UploadIndex.Load(IndexPath, warnings);
                index.Record(Entry(Key($"w{worker}-r{round}.png"), null));
                Assert.True(index.Save(warnings, Now), string.Join("; ", warnings));
            }
        });

        var all = UploadIndex.Load(IndexPath, _warnings);
        Assert.Equal(40, all.Count);
        Assert.Empty(_warnings);
    }

    [Fact]
    public void The_oldest_entries_go_when_the_index_is_full_from_the_file_and_from_the_index_that_saved_it()
    {
        var index = UploadIndex.Load(IndexPath, _warnings, capacity: 3);
        for (var i = 0; i < 5; i++)
        {
            index.Record(new UploadIndexEntry(Key($"{i}.png"), $"https://cdn.example/files/{i}.png", Now.AddMinutes(i), null));
        }

        index.Save(_warnings, Now);

        Assert.All(new[] { UploadIndex.Load(IndexPath, _warnings), index }, kept =>
        {
            Assert.Equal(3, kept.Count);
            Assert.Null(kept.Find(Key("1.png"), Now));
            Assert.False(kept.HasCandidate(AnyBytes("1.png")));
            Assert.NotNull(kept.Find(Key("4.png"), Now));
            Assert.True(kept.HasCandidate(AnyBytes("2.png")));
        });
    }

    [Fact]
    public void Clear_empties_the_index_and_says_how_many_entries_it_held()
    {
        var index = UploadIndex.Load(IndexPath, _warnings);
        index.Record(Entry(Key("a.png"), null));
        index.Record(Entry(Key("b.png"), null));
        index.Save(_warnings, Now);

        Assert.Equal(2, UploadIndex.Clear(IndexPath, _warnings));
        Assert.Equal(0, UploadIndex.Load(IndexPath, _warnings).Count);
        Assert.Equal(0, UploadIndex.Clear(IndexPath, _warnings));
    }

    [Theory]
    [InlineData("canary-key-id:canary-key-secret-7d1f", "id:canary-key-id")]
    [InlineData("canary-plain-key-without-an-id-9a2e", FalCredential.HashedScopePrefix)]
    public void The_index_holds_the_key_by_its_id_or_a_salted_hash_never_the_key(string key, string scopeStart)
    {
        var credential = new FalCredential(key, "Parameter");
        var index = UploadIndex.Load(IndexPath, _warnings);
        var scope = index.KeyScope(credential);
        index.Record(Entry(Key("a.png", keyScope: scope), null));
        index.Save(_warnings, Now);

        var text = File.ReadAllText(IndexPath);
        Assert.StartsWith(scopeStart, scope, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Split(':').Last(), text, StringComparison.Ordinal);
        Assert.Equal(scope, UploadIndex.Load(IndexPath, _warnings).KeyScope(credential));
        Assert.NotEqual(scope, UploadIndex.Load(Path.Combine(_folder.Path, "other.json"), _warnings).KeyScope(new FalCredential("another-key-without-id-0000", "Parameter")));
    }

    [Fact]
    public void The_default_path_is_FAL_UPLOAD_INDEX_or_a_file_under_local_application_data()
    {
        Assert.Equal(Path.GetFullPath("shared/index.json"), UploadIndex.DefaultPath(new Dictionary<string, string> { [UploadIndex.PathVariable] = "shared/index.json" }));
        Assert.Equal(
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "FalStorage", "upload-index.json"),
            UploadIndex.DefaultPath(new Dictionary<string, string>()));
    }

    private static bool IsLocked(string path)
    {
        try
        {
            using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                return false;
            }
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static UploadIndexKey Key(
        string fileName,
        string? sha256 = null,
        long length = 10,
        string contentType = "image/png",
        string endpoint = "http://127.0.0.1:8787",
        string keyScope = "id:test-key") =>
        new(sha256 ?? new string('a', 64), length, fileName, contentType, endpoint, keyScope);

    /// <summary>What one command that uploaded <paramref name="keys"/> leaves in the file.</summary>
    private void SaveUploadsOf(params UploadIndexKey[] keys)
    {
        var index = UploadIndex.Load(IndexPath, _warnings);
        foreach (var key in keys)
        {
            index.Record(Entry(key, null));
        }

        Assert.True(index.Save(_warnings, Now));
    }

    private static UploadIndexEntry Entry(UploadIndexKey key, DateTimeOffset? expiresAt) =>
        new(key, "https://cdn.example/files/" + key.FileName, Now, expiresAt);
}
