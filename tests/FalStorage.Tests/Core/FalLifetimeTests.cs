using FalStorage.Core.Api;

namespace FalStorage.Tests.Core;

public sealed class FalLifetimeTests
{
    [Theory]
    [InlineData("1h", 3600)]
    [InlineData("1d", 86400)]
    [InlineData("7d", 604800)]
    [InlineData("30d", 2592000)]
    [InlineData("1y", 31536000)]
    [InlineData(" 90m ", 5400)]
    [InlineData("3660d", 316224000)]
    [InlineData("2w", 1209600)]
    [InlineData("01:30:00", 5400)]
    [InlineData("1.00:00:00", 86400)]
    public void Parses_presets_amounts_and_TimeSpans_into_the_lifecycle_header(string text, long seconds)
    {
        var lifetime = FalLifetime.Parse(text);

        Assert.Equal(TimeSpan.FromSeconds(seconds), lifetime.Duration);
        Assert.Equal($"{{\"expiration_duration_seconds\":{seconds}}}", ObjectLifecycle.ValueFor(lifetime, acl: null));
    }

    [Fact]
    public void Never_sends_no_header()
    {
        Assert.Same(FalLifetime.Never, FalLifetime.Parse("Never"));
        Assert.Null(FalLifetime.Never.Duration);
        Assert.Null(ObjectLifecycle.ValueFor(FalLifetime.Never, acl: null));
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("1 day")]
    [InlineData("-1h")]
    [InlineData("1.5h")]
    [InlineData("1M")]
    [InlineData("2H")]
    [InlineData("3mo")]
    [InlineData("1q")]
    public void Refuses_what_is_not_a_lifetime_and_says_what_is(string text)
    {
        var error = Assert.Throws<FormatException>(() => FalLifetime.Parse(text));

        Assert.Contains("1h, 1d, 7d, 30d, 1y, never", error.Message);
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("00:00:00")]
    public void Refuses_a_lifetime_under_a_second(string text)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FalLifetime.Parse(text));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FalLifetime(TimeSpan.FromMilliseconds(10)));
    }

    [Theory]
    [InlineData("3661d")]
    [InlineData("11y")]
    [InlineData("999999999y")]
    [InlineData("4000.00:00:00")]
    public void Refuses_a_lifetime_beyond_ten_years_of_366_days_without_overflowing(string text)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => FalLifetime.Parse(text));

        Assert.Contains("at most 3660 days (316224000 seconds)", error.Message);
        Assert.Contains("use never", error.Message);
    }
}
