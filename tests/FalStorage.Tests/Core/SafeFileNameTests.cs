using FalStorage.Core.Downloads;

namespace FalStorage.Tests.Core;

/// <summary>Names from URLs and model results, made safe to create in the destination folder and never anywhere else.</summary>
public sealed class SafeFileNameTests
{
    private static readonly string[] ClaimedTwice = ["a.png", "a.png", "A.PNG", "b", "b"];

    [Theory]
    [InlineData("image.png", "image.png")]
    [InlineData("../../evil.txt", "evil.txt")]
    [InlineData(@"..\..\evil.txt", "evil.txt")]
    [InlineData("/etc/passwd", "passwd")]
    [InlineData(@"C:\Windows\System32\drivers.sys", "drivers.sys")]
    [InlineData("C:evil.txt", "C_evil.txt")]
    [InlineData(@"\\server\share\x.png", "x.png")]
    [InlineData("a<b>c:d\"e|f?g*h.png", "a_b_c_d_e_f_g_h.png")]
    [InlineData("tab\there\u0000.png", "tab_here_.png")]
    [InlineData("trailing. . ", "trailing")]
    [InlineData("  spaced.png  ", "spaced.png")]
    [InlineData("CON", "_CON")]
    [InlineData("con.txt", "_con.txt")]
    [InlineData("NUL.tar.gz", "_NUL.tar.gz")]
    [InlineData("com1.png", "_com1.png")]
    [InlineData("LPT9", "_LPT9")]
    [InlineData("console.png", "console.png")]
    [InlineData(".hidden", ".hidden")]
    [InlineData("..", SafeFileName.Fallback)]
    [InlineData(".", SafeFileName.Fallback)]
    [InlineData("../", SafeFileName.Fallback)]
    [InlineData("", SafeFileName.Fallback)]
    [InlineData(null, SafeFileName.Fallback)]
    public void A_name_keeps_only_what_a_file_system_takes_in_one_folder(string? name, string expected) =>
        Assert.Equal(expected, SafeFileName.Clean(name));

    [Theory]
    [InlineData("https://v3.fal.media/files/koala/abc_image.png", "abc_image.png")]
    [InlineData("https://v3.fal.media/files/koala/a%20b%C3%A9.png?identity=x", "a bé.png")]
    [InlineData("https://example.com/files/%2E%2E%2F%2E%2E%2Fevil.sh", "evil.sh")]
    [InlineData("https://example.com/files/..%5C..%5Cevil.bat", "evil.bat")]
    [InlineData("https://example.com/files/CON", "_CON")]
    [InlineData("https://example.com/", SafeFileName.Fallback)]
    [InlineData("https://example.com", SafeFileName.Fallback)]
    public void A_URL_names_its_file_by_its_last_segment_decoded(string url, string expected) =>
        Assert.Equal(expected, SafeFileName.FromUrl(new Uri(url)));

    [Fact]
    public void A_long_name_is_cut_keeping_its_extension()
    {
        var name = SafeFileName.Clean(new string('a', 300) + ".png");

        Assert.True(name.Length <= 200, $"{name.Length} characters");
        Assert.EndsWith(".png", name, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_claimed_twice_in_one_run_get_a_number_and_stay_in_the_folder()
    {
        using var temp = new Infrastructure.TempFolder();
        var folder = new DestinationFolder(temp.Path + Path.DirectorySeparatorChar);

        var paths = ClaimedTwice.Select(folder.Claim).ToList();

        Assert.Equal(["a.png", "a (2).png", "A (3).PNG", "b", "b (2)"], paths.Select(Path.GetFileName));
        Assert.All(paths, path => Assert.Equal(Path.GetFullPath(temp.Path), Path.GetDirectoryName(path)));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../x")]
    [InlineData("sub/x")]
    public void A_name_that_would_leave_the_folder_is_refused_even_if_it_got_past_cleaning(string name)
    {
        using var temp = new Infrastructure.TempFolder();
        var folder = new DestinationFolder(temp.Path);

        Assert.Throws<ArgumentException>(() => folder.Claim(name));
    }
}
