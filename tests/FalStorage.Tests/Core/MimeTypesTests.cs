using FalStorage.Core;

namespace FalStorage.Tests.Core;

public sealed class ContentTypesTests
{
    [Theory]
    [InlineData("photo.png", "image/png")]
    [InlineData("PHOTO.JPG", "image/jpeg")]
    [InlineData("frame.webp", "image/webp")]
    [InlineData("clip.wav", "audio/wav")]
    [InlineData("voice.mp3", "audio/mpeg")]
    [InlineData("take.mov", "video/quicktime")]
    [InlineData("prompt.txt", "text/plain")]
    [InlineData("bundle.zip", "application/zip")]
    [InlineData("mesh.glb", "model/gltf-binary")]
    [InlineData("archive.tar.gz", "application/gzip")]
    [InlineData("no-extension", "application/octet-stream")]
    [InlineData("data.unknownext", "application/octet-stream")]
    public void Infers_the_type_from_the_extension(string fileName, string expected)
    {
        Assert.Equal(expected, MimeTypes.InferFromFileName(fileName));
    }

    [Theory]
    [InlineData(null, "image/png")]
    [InlineData("", "image/png")]
    [InlineData(" \t ", "image/png")]
    [InlineData(" text/plain ", "text/plain")]
    public void A_type_given_empty_or_blank_counts_as_none_given(string? given, string expected)
    {
        Assert.Equal(expected, MimeTypes.GivenOrInferred(given, "photo.png"));
    }

    [Fact]
    public void Lists_each_known_type_once_in_order()
    {
        var known = MimeTypes.Known.ToList();

        Assert.Equal(known.Distinct().Order(StringComparer.Ordinal), known);
        Assert.Contains("image/png", known);
        Assert.Contains("video/mp4", known);
    }

    [Fact]
    public void Names_the_extensions_of_a_type_for_completion_tooltips()
    {
        Assert.Equal([".jfif", ".jpe", ".jpeg", ".jpg"], MimeTypes.ExtensionsOf("image/jpeg"));
        Assert.Empty(MimeTypes.ExtensionsOf("application/x-unknown"));
    }
}
