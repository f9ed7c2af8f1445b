using System.Text;
using FalStorage.Core.Index;

namespace FalStorage.Tests.Core;

/// <summary>The index never reads, replaces or deletes what it did not write; a damaged index of its own is set aside.</summary>
public sealed partial class UploadIndexTests
{
    public static TheoryData<string, byte[]> FilesThatAreNotIndexes => new()
    {
        { "a user's settings", Encoding.UTF8.GetBytes("{\"my\":\"settings\"}") },
        { "text", Encoding.UTF8.GetBytes("precious notes, not JSON at all\n") },
        { "an empty file", [] },
        { "bytes that are no text", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF, 0xFE, 0x00] },
        { "JSON shaped like an index, without the marker, of another version", Encoding.UTF8.GetBytes("{\"version\": 2, \"salt\": \"AAAA\", \"entries\": []}") },
        { "JSON shaped like an index, without the marker, with a bad entry", Encoding.UTF8.GetBytes("{\"version\": 1, \"salt\": \"AAAA\", \"entries\": [{\"sha256\": \"aa\"}]}") },
        { "another program's format marker", Encoding.UTF8.GetBytes("{\"format\":\"something-else\",\"version\":1,\"salt\":\"AAAA\",\"entries\":[]}") },
    };

    [Theory]
    [MemberData(nameof(FilesThatAreNotIndexes))]
    public void A_file_that_is_not_an_index_is_refused_by_load_and_clear_and_left_byte_for_byte_with_no_lock_beside_it(string what, byte[] content)
    {
        var path = Path.Combine(_folder.Path, "precious.txt");
        File.WriteAllBytes(path, content);

        var onLoad = Assert.Throws<UploadIndexRefusedException>(() => UploadIndex.Load(path, _warnings));
        var onClear = Assert.Throws<UploadIndexRefusedException>(() => UploadIndex.Clear(path, _warnings));

        Assert.All(new[] { onLoad, onClear }, refused =>
        {
            Assert.Contains($"'{path}' is not a FalStorage upload index", refused.Message, StringComparison.Ordinal);
            Assert.Contains("left as it is", refused.Message, StringComparison.Ordinal);
            Assert.False(refused.IsDirectory);
        });
        Assert.Equal(content, File.ReadAllBytes(path));
        Assert.Equal(["precious.txt"], Directory.GetFileSystemEntries(_folder.Path).Select(Path.GetFileName));
        Assert.Empty(_warnings);
        Assert.NotNull(what);
    }

    [Fact]
    public void A_directory_given_as_the_index_says_it_is_a_directory_and_gets_nothing_beside_it()
    {
        var folder = Path.Combine(_folder.Path, "results");
        Directory.CreateDirectory(folder);

        var refused = Assert.Throws<UploadIndexRefusedException>(() => UploadIndex.Load(folder, _warnings));

        Assert.True(refused.IsDirectory);
        Assert.Contains("is a directory", refused.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(folder, "upload-index.json"), refused.Message, StringComparison.Ordinal);
        Assert.Throws<UploadIndexRefusedException>(() => UploadIndex.Clear(folder, _warnings));
        Assert.Equal(["results"], Directory.GetFileSystemEntries(_folder.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("{\"format\":\"falstorage-upload-index\",\"version\":1,\"salt\":\"AAAA\",\"entr")]
    [InlineData("{\"format\":\"falstorage-upload-index\",\"version\":1,\"salt\":\"not base64!\",\"entries\":[]}")]
    [InlineData("{\"format\":\"falstorage-upload-index\",\"version\":1,\"salt\":\"AAAA\",\"entries\":[{\"sha256\":\"aa\"}]}")]
    public void A_damaged_index_is_kept_beside_under_a_corrupt_name_said_in_a_warning_and_a_new_one_started(string damaged)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(IndexPath)!);
        File.WriteAllText(IndexPath, damaged);

        var index = UploadIndex.Load(IndexPath, _warnings);

        Assert.Equal(0, index.Count);
        var keptAs = Assert.Single(Directory.GetFiles(Path.GetDirectoryName(IndexPath)!, "upload-index.json.corrupt-*"));
        Assert.Equal(damaged, File.ReadAllText(keptAs));
        var warning = Assert.Single(_warnings);
        Assert.Contains($"'{IndexPath}' was damaged", warning, StringComparison.Ordinal);
        Assert.Contains($"kept as '{keptAs}'", warning, StringComparison.Ordinal);
        index.Record(Entry(Key("a.png"), null));
        Assert.True(index.Save(_warnings, Now));
        Assert.NotNull(UploadIndex.Load(IndexPath, _warnings).Find(Key("a.png"), Now));
    }

    [Fact]
    public void Clear_sets_a_damaged_index_aside_rather_than_deleting_it()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(IndexPath)!);
        File.WriteAllText(IndexPath, "{\"format\":\"falstorage-upload-index\",\"version\":1,\"sa");

        Assert.Equal(0, UploadIndex.Clear(IndexPath, _warnings));

        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(IndexPath)!, "upload-index.json.corrupt-*"));
        Assert.Contains(_warnings, w => w.Contains("kept as", StringComparison.Ordinal));
    }

    [Fact]
    public void An_index_of_a_newer_version_is_neither_read_nor_changed()
    {
        var newer = "{\"format\":\"falstorage-upload-index\",\"version\":2,\"salt\":\"AAAA\",\"entries\":[],\"shards\":[]}";
        Directory.CreateDirectory(Path.GetDirectoryName(IndexPath)!);
        File.WriteAllText(IndexPath, newer);

        var refused = Assert.Throws<UploadIndexRefusedException>(() => UploadIndex.Load(IndexPath, _warnings));

        Assert.Contains("newer FalStorage (format version 2)", refused.Message, StringComparison.Ordinal);
        Assert.Throws<UploadIndexRefusedException>(() => UploadIndex.Clear(IndexPath, _warnings));
        Assert.Equal(newer, File.ReadAllText(IndexPath));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(IndexPath)!, "*.corrupt-*"));
    }

    [Fact]
    public void An_index_written_before_the_format_marker_still_loads_and_gets_the_marker_on_its_next_save()
    {
        SaveUploadsOf(Key("a.png"));
        var marked = File.ReadAllText(IndexPath);
        Assert.StartsWith("{\"format\":\"falstorage-upload-index\",", marked, StringComparison.Ordinal);
        File.WriteAllText(IndexPath, marked.Replace("\"format\":\"falstorage-upload-index\",", "", StringComparison.Ordinal));

        var index = UploadIndex.Load(IndexPath, _warnings);

        Assert.NotNull(index.Find(Key("a.png"), Now));
        index.Record(Entry(Key("b.png"), null));
        Assert.True(index.Save(_warnings, Now));
        Assert.StartsWith("{\"format\":\"falstorage-upload-index\",", File.ReadAllText(IndexPath), StringComparison.Ordinal);
        Assert.Empty(_warnings);
    }

    [Fact]
    public void A_users_file_put_in_the_index_place_during_a_command_is_not_replaced_on_save()
    {
        var index = UploadIndex.Load(IndexPath, _warnings);
        index.Record(Entry(Key("a.png"), null));
        File.WriteAllText(IndexPath, "{\"my\":\"settings\"}");

        Assert.False(index.Save(_warnings, Now));

        Assert.Equal("{\"my\":\"settings\"}", File.ReadAllText(IndexPath));
        Assert.Contains(_warnings, w => w.Contains("is not a FalStorage upload index", StringComparison.Ordinal) && w.Contains("not remembered", StringComparison.Ordinal));
    }

    [Fact]
    public void Clearing_an_index_that_does_not_exist_makes_no_lock_file()
    {
        Assert.Equal(0, UploadIndex.Clear(IndexPath, _warnings));

        Assert.False(Directory.Exists(Path.GetDirectoryName(IndexPath)));
    }

    [Fact]
    public void An_index_another_process_holds_open_is_a_warning_not_an_exception()
    {
        SaveUploadsOf(Key("a.png"));
        using (new FileStream(IndexPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var index = UploadIndex.Load(IndexPath, _warnings);

            Assert.Equal(0, index.Count);
            Assert.Contains(_warnings, w => w.Contains("could not be read", StringComparison.Ordinal));
            Assert.Equal(0, UploadIndex.Clear(IndexPath, _warnings));
        }

        Assert.NotNull(UploadIndex.Load(IndexPath, _warnings).Find(Key("a.png"), Now));
    }
}
