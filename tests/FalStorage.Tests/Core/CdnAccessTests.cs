using FalStorage.Core.Downloads;

namespace FalStorage.Tests.Core;

/// <summary>Which URLs the session's CDN token may go to: its own host alone, by scheme, host and port.</summary>
public sealed class CdnAccessTests
{
    private static readonly Uri Cdn = new("https://v3.fal.media");

    [Theory]
    [InlineData("https://v3.fal.media/files/koala/a.png", true)]
    [InlineData("https://V3.FAL.MEDIA/files/koala/a.png", true)]
    [InlineData("https://v3.fal.media:443/files/koala/a.png", true)]
    [InlineData("http://v3.fal.media/files/koala/a.png", false)]
    [InlineData("https://v3.fal.media:8443/files/koala/a.png", false)]
    [InlineData("https://v3b.fal.media/files/koala/a.png", false)]
    [InlineData("https://fal.media/files/koala/a.png", false)]
    [InlineData("https://v3.fal.media.evil.example/files/a.png", false)]
    [InlineData("https://evil.example/v3.fal.media/a.png", false)]
    [InlineData("https://v3.fal.media@evil.example/a.png", false)]
    public void The_token_goes_only_to_the_host_it_was_issued_for(string url, bool allowed) =>
        Assert.Equal(allowed, CdnAccess.IsOnHost(new Uri(url), Cdn));
}
