using FalStorage.Emulator;
using Microsoft.Extensions.Logging;

namespace FalStorage.Tests.Emulator;

public sealed class EmulatorOptionsTests
{
    [Fact]
    public void Without_arguments_the_defaults_apply()
    {
        var options = EmulatorOptions.Parse([]);

        Assert.Equal("http://127.0.0.1:8787", options.Urls);
        Assert.Empty(options.Keys);
        Assert.Null(options.DataDirectory);
        Assert.Equal(Path.GetFullPath(EmulatorOptions.DefaultDataDirectory), options.ResolvedDataDirectory);
        Assert.Equal(TimeSpan.FromMinutes(5), options.UploadUrlLifetime);
        Assert.Equal(LogLevel.Information, options.LogLevel);
        Assert.False(options.ShowHelp);
    }

    [Fact]
    public void Every_option_is_read_in_both_spellings()
    {
        var options = EmulatorOptions.Parse(
            ["--urls", "http://127.0.0.1:9000", "--key", "a:b", "--key=c:d", "--data=/tmp/fal data", "--upload-url-lifetime", "90", "--log-level", "debug"]);

        Assert.Equal("http://127.0.0.1:9000", options.Urls);
        Assert.Equal(["a:b", "c:d"], options.Keys);
        Assert.Equal("/tmp/fal data", options.DataDirectory);
        Assert.Equal(TimeSpan.FromSeconds(90), options.UploadUrlLifetime);
        Assert.Equal(LogLevel.Debug, options.LogLevel);
    }

    [Theory]
    [InlineData("300", 300)]
    [InlineData("0.5", 0.5)]
    [InlineData("00:02:00", 120)]
    [InlineData("1.00:00:00", 86400)]
    public void The_upload_url_lifetime_is_seconds_or_a_timespan(string value, double seconds)
    {
        var options = EmulatorOptions.Parse(["--upload-url-lifetime", value]);

        Assert.Equal(TimeSpan.FromSeconds(seconds), options.UploadUrlLifetime);
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("--help")]
    public void Help_is_asked_for(string argument)
    {
        Assert.True(EmulatorOptions.Parse([argument]).ShowHelp);
    }

    [Fact]
    public void The_help_text_names_every_option_and_the_development_key()
    {
        foreach (var expected in new[] { "--urls", "--key", "--data", "--upload-url-lifetime", "--log-level", "--help", FalStorageEmulator.DevelopmentKey })
        {
            Assert.Contains(expected, EmulatorOptions.HelpText);
        }
    }

    [Theory]
    [InlineData("--port", "8787")]
    [InlineData("urls")]
    [InlineData("--key")]
    [InlineData("--data")]
    [InlineData("--key", "")]
    [InlineData("--key", " padded ")]
    [InlineData("--data", " ")]
    [InlineData("--urls", "")]
    [InlineData("--urls", "http://127.0.0.1:1", "--urls", "http://127.0.0.1:2")]
    [InlineData("--upload-url-lifetime", "0")]
    [InlineData("--upload-url-lifetime", "-5")]
    [InlineData("--upload-url-lifetime", "soon")]
    [InlineData("--upload-url-lifetime", "604801")]
    [InlineData("--upload-url-lifetime", "1e308")]
    [InlineData("--upload-url-lifetime", "8.00:00:00")]
    [InlineData("--log-level", "loud")]
    [InlineData("--log-level", "42")]
    public void Bad_arguments_throw_a_clear_argument_exception(params string[] args)
    {
        var error = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(args));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public async Task Start_validates_options_built_in_code()
    {
        var options = new EmulatorOptions { UploadUrlLifetime = TimeSpan.Zero, DataDirectory = Path.GetTempPath() };

        await Assert.ThrowsAsync<ArgumentException>(() => FalStorageEmulator.StartAsync(options));
    }
}
