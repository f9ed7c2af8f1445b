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
        Assert.Equal(5L << 30, options.MaxBodySize);
        Assert.Equal(5L << 30, options.MaxPartSize);
        Assert.Equal(10_000, options.MaxParts);
        Assert.Equal(1 << 20, options.MaxJsonSize);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ShutdownTimeout);
        Assert.False(options.Faults.IsActive);
        Assert.Null(options.Faults.Seed);
        Assert.True(options.TokenUpload);
        Assert.Equal(TimeSpan.FromHours(2), options.TokenLifetime);
    }

    [Theory]
    [InlineData("90", 90)]
    [InlineData("01:00:00", 3600)]
    [InlineData("7.00:00:00", 604800)]
    public void The_token_lifetime_is_seconds_or_a_timespan(string value, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), EmulatorOptions.Parse(["--token-lifetime", value]).TokenLifetime);
    }

    [Fact]
    public void The_token_flow_can_be_turned_off()
    {
        Assert.False(EmulatorOptions.Parse(["--no-token-upload"]).TokenUpload);
    }

    [Fact]
    public void The_token_flow_kinds_are_named_with_hyphens()
    {
        var faults = EmulatorOptions.Parse(
            ["--fault", "token+token-upload:error=0.5", "--fault", "token-multipart+token-complete:latency=10ms", "--fault-nth", "token-part:2=drop"]).Faults;

        Assert.Equal(0.5, faults[RouteKind.Token].ServerErrorRate, 6);
        Assert.Equal(0.5, faults[RouteKind.TokenUpload].ServerErrorRate, 6);
        Assert.Equal(TimeSpan.FromMilliseconds(10), faults[RouteKind.TokenMultipart].Latency);
        Assert.Equal(TimeSpan.FromMilliseconds(10), faults[RouteKind.TokenComplete].Latency);
        Assert.Equal([2], faults[RouteKind.TokenPart].FailNth);
        Assert.Contains("token-upload: error=50%", faults.ToString());
        Assert.Contains("token-part: nth=2:Drop", faults.ToString());
    }

    [Fact]
    public void A_locked_account_is_a_rate_or_an_nth_action()
    {
        var faults = EmulatorOptions.Parse(["--fault", "token+initiate:locked=100%", "--fault-nth", "put:2=locked"]).Faults;

        Assert.Equal((1.0, 1.0), (faults[RouteKind.Token].AccountLockedRate, faults[RouteKind.Initiate].AccountLockedRate));
        Assert.Equal([2], faults[RouteKind.Put].FailNth);
        Assert.Equal(FaultAction.AccountLocked, faults[RouteKind.Put].FailNthWith);
        Assert.Equal("initiate: locked=100%; put: nth=2:AccountLocked; token: locked=100%", faults.ToString());
    }

    [Fact]
    public void The_limits_and_the_shutdown_timeout_are_read()
    {
        var options = EmulatorOptions.Parse(
            ["--max-body-size", "1GiB", "--max-part-size=100MB", "--max-parts", "500", "--max-json-size", "4KiB", "--shutdown-timeout", "5"]);

        Assert.Equal(1L << 30, options.MaxBodySize);
        Assert.Equal(100_000_000, options.MaxPartSize);
        Assert.Equal(500, options.MaxParts);
        Assert.Equal(4096, options.MaxJsonSize);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ShutdownTimeout);
    }

    [Theory]
    [InlineData("1048576", 1048576)]
    [InlineData("512KiB", 512 * 1024)]
    [InlineData("1.5 MiB", 1572864)]
    [InlineData("5gib", 5L << 30)]
    [InlineData("2TB", 2_000_000_000_000)]
    [InlineData("10B", 10)]
    public void Sizes_are_bytes_or_have_a_unit(string value, long bytes)
    {
        Assert.Equal(bytes, EmulatorOptions.Parse(["--max-body-size", value]).MaxBodySize);
    }

    [Fact]
    public void Faults_are_read_per_kind_and_repeatable()
    {
        var options = EmulatorOptions.Parse(
        [
            "--fault", "put:error=0.2,429=10%,drop=0.05,latency=50ms,retry-after=2s",
            "--fault", "cdn+complete:latency=1.5s",
            "--fault-nth", "part:3,5=drop",
            "--fault-nth=initiate:1=429",
            "--fault-seed", "-7",
        ]);
        var faults = options.Faults;

        Assert.Equal(0.2, faults[RouteKind.Put].ServerErrorRate, 6);
        Assert.Equal(0.1, faults[RouteKind.Put].RateLimitRate, 6);
        Assert.Equal(0.05, faults[RouteKind.Put].DropRate, 6);
        Assert.Equal(TimeSpan.FromMilliseconds(50), faults[RouteKind.Put].Latency);
        Assert.Equal(TimeSpan.FromSeconds(2), faults[RouteKind.Put].RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(1.5), faults[RouteKind.Cdn].Latency);
        Assert.Equal(TimeSpan.FromSeconds(1.5), faults[RouteKind.Complete].Latency);
        Assert.Equal([3, 5], faults[RouteKind.Part].FailNth.Order());
        Assert.Equal(FaultAction.Drop, faults[RouteKind.Part].FailNthWith);
        Assert.Equal([1], faults[RouteKind.Initiate].FailNth);
        Assert.Equal(FaultAction.RateLimit, faults[RouteKind.Initiate].FailNthWith);
        Assert.Equal(-7, faults.Seed);
        Assert.True(faults.IsActive);
        Assert.Contains("put: error=20%, 429=10% (Retry-After 2s), drop=5%, latency=50ms", faults.ToString());
    }

    [Fact]
    public void All_kinds_can_be_named_at_once()
    {
        var faults = EmulatorOptions.Parse(["--fault", "all:error=1"]).Faults;

        Assert.All(Enum.GetValues<RouteKind>(), kind => Assert.Equal(1, faults[kind].ServerErrorRate));
    }

    [Theory]
    [InlineData("--fault", "put")]
    [InlineData("--fault", "put:")]
    [InlineData("--fault", ":error=1")]
    [InlineData("--fault", "upload:error=0.1")]
    [InlineData("--fault", "put:error")]
    [InlineData("--fault", "put:error=1.5")]
    [InlineData("--fault", "put:error=150%")]
    [InlineData("--fault", "put:error=-0.1")]
    [InlineData("--fault", "put:boom=0.1")]
    [InlineData("--fault", "token:locked=2")]
    [InlineData("--fault", "put:latency=50")]
    [InlineData("--fault", "put:latency=2d")]
    [InlineData("--fault-nth", "part:3")]
    [InlineData("--fault-nth", "part:0=drop")]
    [InlineData("--fault-nth", "part:x=drop")]
    [InlineData("--fault-nth", "part:3=explode")]
    [InlineData("--fault-nth", "part:3=drop", "--fault-nth", "part:4=429")]
    [InlineData("--fault-seed", "many")]
    [InlineData("--max-body-size", "0")]
    [InlineData("--max-body-size", "lots")]
    [InlineData("--max-body-size", "1.5B")]
    [InlineData("--max-body-size", "99999999999TiB")]
    [InlineData("--max-part-size", "-1")]
    [InlineData("--max-parts", "0")]
    [InlineData("--max-parts", "2000000")]
    [InlineData("--max-parts", "ten")]
    [InlineData("--max-json-size", "")]
    [InlineData("--shutdown-timeout", "-1")]
    [InlineData("--shutdown-timeout", "7200")]
    [InlineData("--token-lifetime", "0")]
    [InlineData("--token-lifetime", "604801")]
    [InlineData("--token-lifetime", "later")]
    [InlineData("--no-token-upload=yes")]
    [InlineData("--no-token-upload", "--no-token-upload")]
    [InlineData("--fault", "tokenupload:error=0.1")]
    public void Bad_new_arguments_throw_a_clear_argument_exception(params string[] args)
    {
        var error = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(args));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Fault_rules_refuse_impossible_values_in_code_too()
    {
        var rule = new EmulatorOptions().Faults[RouteKind.Put];

        Assert.Throws<ArgumentOutOfRangeException>(() => rule.ServerErrorRate = 1.01);
        Assert.Throws<ArgumentOutOfRangeException>(() => rule.DropRate = double.NaN);
        Assert.Throws<ArgumentOutOfRangeException>(() => rule.Latency = TimeSpan.FromSeconds(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => rule.FailNth.Add(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => rule.FailNthWith = (FaultAction)42);
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
        foreach (var expected in new[]
        {
            "--urls", "--key", "--data", "--upload-url-lifetime", "--log-level", "--help", FalStorageEmulator.DevelopmentKey,
            "--max-body-size", "--max-part-size", "--max-parts", "--max-json-size", "--shutdown-timeout", "--fault", "--fault-nth", "--fault-seed",
            "initiate-multipart", "/complete", "X-Fal-Object-Lifecycle",
            "--token-lifetime", "--no-token-upload", "/storage/auth/token", "/files/upload/multipart", "X-Fal-File-Name", "token-part",
        })
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
