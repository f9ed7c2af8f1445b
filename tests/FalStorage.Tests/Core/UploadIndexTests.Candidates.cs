using FalStorage.Core.Index;

namespace FalStorage.Tests.Core;

/// <summary>Which files are worth hashing: the index's candidates stay what its entries are through every change.</summary>
public sealed partial class UploadIndexTests
{
    [Fact]
    public void A_recorded_upload_is_a_candidate_for_its_length_name_type_endpoint_and_key_whatever_its_bytes()
    {
        var index = UploadIndex.Load(IndexPath, _warnings);
        index.Record(Entry(Key("a.png"), null));

        Assert.True(index.HasCandidate(AnyBytes("a.png")));
        Assert.True(index.HasCandidate(Key("a.png", sha256: new string('b', 64))));
        Assert.False(index.HasCandidate(Key("b.png")));
        Assert.False(index.HasCandidate(Key("a.png", length: 11)));
        Assert.False(index.HasCandidate(Key("a.png", contentType: "image/jpeg")));
        Assert.False(index.HasCandidate(Key("a.png", endpoint: "http://other.example")));
        Assert.False(index.HasCandidate(Key("a.png", keyScope: "id:someone-else")));
    }

    [Fact]
    public void A_forgotten_upload_is_no_candidate_but_another_of_the_same_name_and_length_still_is()
    {
        var index = UploadIndex.Load(IndexPath, _warnings);
        var first = Key("a.png", sha256: new string('1', 64));
        var second = Key("a.png", sha256: new string('2', 64));
        index.Record(Entry(first, null));
        index.Record(Entry(first, null));
        index.Record(Entry(second, null));

        index.Forget(second);
        Assert.True(index.HasCandidate(AnyBytes("a.png")));
        index.Forget(first);
        Assert.False(index.HasCandidate(AnyBytes("a.png")));
        index.Forget(first);
        Assert.False(index.HasCandidate(AnyBytes("a.png")));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void An_upload_loaded_from_the_file_is_a_candidate()
    {
        SaveUploadsOf(Key("a.png"));

        var next = UploadIndex.Load(IndexPath, _warnings);

        Assert.True(next.HasCandidate(AnyBytes("a.png")));
        Assert.False(next.HasCandidate(AnyBytes("b.png")));
    }

    [Fact]
    public void An_upload_another_command_saved_meanwhile_is_merged_in_on_save_and_is_then_a_candidate()
    {
        var mine = UploadIndex.Load(IndexPath, _warnings);
        var theirs = UploadIndex.Load(IndexPath, _warnings);
        theirs.Record(Entry(Key("theirs.png"), null));
        Assert.True(theirs.Save(_warnings, Now));
        mine.Record(Entry(Key("mine.png"), null));

        Assert.True(mine.Save(_warnings, Now));

        Assert.True(mine.HasCandidate(AnyBytes("theirs.png")));
        Assert.NotNull(mine.Find(Key("theirs.png"), Now));
        Assert.NotNull(mine.Find(Key("mine.png"), Now));
        Assert.Equal(2, mine.Count);
    }

    [Fact]
    public void An_upload_another_command_forgot_meanwhile_is_no_longer_a_candidate_after_save()
    {
        SaveUploadsOf(Key("gone.png"));
        var mine = UploadIndex.Load(IndexPath, _warnings);
        var theirs = UploadIndex.Load(IndexPath, _warnings);
        theirs.Forget(Key("gone.png"));
        theirs.Save(_warnings, Now);
        mine.Record(Entry(Key("mine.png"), null));

        mine.Save(_warnings, Now);

        Assert.False(mine.HasCandidate(AnyBytes("gone.png")));
        Assert.Null(mine.Find(Key("gone.png"), Now));
    }

    /// <summary>The key an upload of these bytes' length, name and type has, whatever the bytes, as a file not yet hashed has.</summary>
    private static UploadIndexKey AnyBytes(string fileName) => Key(fileName, sha256: string.Empty);
}
