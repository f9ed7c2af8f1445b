using FalStorage.Core.Sources;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Core;

/// <summary>Issue 17, item 13: a file that changes under its upload is caught, and the message says what changed.</summary>
public sealed class FileSliceTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_file_written_in_place_at_the_same_length_is_said_to_have_been_written_to_not_to_have_changed_length()
    {
        var path = _folder.WriteRandomFile("render.mov", 1000);
        var slice = FileSlice.WholeFile(path);
        File.WriteAllBytes(path, new byte[1000]);
        File.SetLastWriteTimeUtc(path, slice.LastWriteTimeUtc.AddSeconds(5));

        var error = Assert.Throws<SourceReadException>(slice.EnsureUnchanged);

        Assert.Contains("its length is the same, but it was written to at", error.Message);
        Assert.DoesNotContain("1000 bytes before", error.Message);
    }

    [Fact]
    public void A_file_that_grew_says_both_lengths()
    {
        var path = _folder.WriteRandomFile("growing.mov", 1000);
        var slice = FileSlice.WholeFile(path);
        File.AppendAllText(path, "more");

        var error = Assert.Throws<SourceReadException>(slice.EnsureUnchanged);

        Assert.Contains("it was 1000 bytes long and is 1004 bytes now", error.Message);
    }

    [Fact]
    public void A_file_deleted_during_its_upload_is_said_to_be_gone_not_incomplete()
    {
        var path = _folder.WriteRandomFile("deleted.mov", 1000);
        var slice = FileSlice.WholeFile(path);
        File.Delete(path);

        var error = Assert.Throws<SourceReadException>(slice.EnsureUnchanged);

        Assert.Contains("was deleted or moved while it was being uploaded", error.Message);
        Assert.DoesNotContain("once", error.Message);
    }
}
