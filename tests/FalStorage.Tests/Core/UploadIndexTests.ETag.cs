using FalStorage.Core.Index;

namespace FalStorage.Tests.Core;

/// <summary>The ETag an upload's entry keeps, so that a reuse can check the CDN still serves the same object.</summary>
public sealed partial class UploadIndexTests
{
    [Theory]
    [InlineData("\"5d41402abc4b2a76b9719d911017c592\"")]
    [InlineData("W/\"weak-1\"")]
    [InlineData("unquoted-from-a-json-body")]
    public void An_upload_recorded_with_its_ETag_keeps_it_in_the_file(string etag)
    {
        var index = UploadIndex.Load(IndexPath, _warnings);
        index.Record(new UploadIndexEntry(Key("a.png"), "https://cdn.example/files/a.png", Now, Now.AddDays(1), etag));
        index.Save(_warnings, Now);

        var found = UploadIndex.Load(IndexPath, _warnings).Find(Key("a.png"), Now);

        Assert.Equal(etag, found?.ETag);
        Assert.Empty(_warnings);
    }

    [Fact]
    public void An_ETag_learnt_later_is_recorded_on_the_entry_and_saved_with_all_it_had()
    {
        var expiresAt = Now.AddDays(7);
        var first = UploadIndex.Load(IndexPath, _warnings);
        first.Record(new UploadIndexEntry(Key("a.png"), "https://cdn.example/files/a.png", Now, expiresAt));
        first.Save(_warnings, Now);
        var next = UploadIndex.Load(IndexPath, _warnings);

        Assert.True(next.RecordETag(Key("a.png"), "\"abc\""));
        Assert.Equal("\"abc\"", next.Find(Key("a.png"), Now)?.ETag);
        Assert.True(next.Save(_warnings, Now));

        var saved = UploadIndex.Load(IndexPath, _warnings).Find(Key("a.png"), Now);
        Assert.NotNull(saved);
        Assert.Equal("\"abc\"", saved.ETag);
        Assert.Equal("https://cdn.example/files/a.png", saved.FileUrl);
        Assert.Equal(Now, saved.UploadedAt);
        Assert.Equal(expiresAt, saved.ExpiresAt);
    }

    [Fact]
    public void An_ETag_for_an_upload_the_index_does_not_hold_is_not_recorded()
    {
        SaveUploadsOf(Key("a.png"));
        var before = File.ReadAllText(IndexPath);
        var index = UploadIndex.Load(IndexPath, _warnings);

        Assert.False(index.RecordETag(Key("b.png"), "\"abc\""));
        Assert.False(index.RecordETag(Key("a.png", sha256: new string('c', 64)), "\"abc\""));
        Assert.True(index.Save(_warnings, Now));

        Assert.Equal(before, File.ReadAllText(IndexPath));
        Assert.Throws<ArgumentException>(() => index.RecordETag(Key("a.png"), string.Empty));
    }

    [Fact]
    public void An_upload_whose_ETag_is_unknown_has_no_etag_in_the_file_and_an_index_written_before_ETags_still_loads()
    {
        SaveUploadsOf(Key("new.png"));
        Assert.DoesNotContain("etag", File.ReadAllText(IndexPath), StringComparison.OrdinalIgnoreCase);
        File.WriteAllText(IndexPath, """
            {"version": 1, "salt": "AAECAwQFBgcICQoLDA0ODw==", "entries": [{"sha256": "%SHA%", "length": 10, "fileName": "old.png",
             "contentType": "image/png", "endpoint": "http://127.0.0.1:8787", "keyScope": "id:test-key",
             "fileUrl": "https://cdn.example/files/old.png", "uploadedAt": "2026-12-01T12:00:00.0000000+00:00"}]}
            """.Replace("%SHA%", new string('a', 64), StringComparison.Ordinal));

        var old = UploadIndex.Load(IndexPath, _warnings).Find(Key("old.png"), Now);

        Assert.Empty(_warnings);
        Assert.Equal("https://cdn.example/files/old.png", old?.FileUrl);
        Assert.Null(old?.ETag);
    }

    [Theory]
    [InlineData(null, "\"a\"", true)]
    [InlineData("\"a\"", null, true)]
    [InlineData("\"a\"", "", true)]
    [InlineData("\"a\"", "\"a\"", true)]
    [InlineData("\"a\"", "W/\"a\"", true)]
    [InlineData("a", "\"a\"", true)]
    [InlineData("\"a\"", "\"b\"", false)]
    [InlineData("\"a\"", "\"A\"", false)]
    [InlineData("W/\"a\"", "W/\"ab\"", false)]
    public void A_served_ETag_matches_the_recorded_one_when_either_is_unknown_or_they_are_the_same_tag(string? recorded, string? served, bool matches) =>
        Assert.Equal(matches, new UploadIndexEntry(Key("a.png"), "https://cdn.example/files/a.png", Now, null, recorded).MatchesETag(served));
}
