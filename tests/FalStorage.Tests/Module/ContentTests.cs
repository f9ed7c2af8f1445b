using System.Security.Cryptography;
using System.Text;
using FalStorage.Emulator;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>Send-FalAsset -Content: bytes, strings and streams (seekable or not, small or in parts) go up like files, on both flows.</summary>
public sealed class ContentTests : ModuleTests
{
    private const string FiveMiB = "5MB";
    private const string InParts = $"-MultipartThreshold {FiveMiB} -PartSize {FiveMiB}";

    [Theory]
    [MemberData(nameof(UploadFlowRoutes.Names), MemberType = typeof(UploadFlowRoutes))]
    public async Task A_byte_array_is_uploaded_under_its_FileName_with_the_type_that_name_implies(string flow)
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        ConnectTo(emulator, flow);
        var bytes = RandomBytes(70_000);

        var result = Host.Run("Send-FalAsset -Content $args[0] -FileName frame.png -Verify -ExpiresIn 1d", bytes);

        result.AssertSucceeded();
        var asset = Assert.Single(result.OutputOf<FalAsset>());
        Assert.InRange(asset.ExpiresAt!.Value, DateTimeOffset.Now.AddHours(23), DateTimeOffset.Now.AddHours(25));
        Assert.Equal(("frame.png", "image/png", 70_000L, string.Empty), (asset.FileName, asset.ContentType, asset.Length, asset.SourcePath));
        Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)), asset.Sha256, StringComparer.OrdinalIgnoreCase);
        using var served = await emulator.HttpClient.GetAsync(asset.FileUrl);
        Assert.Equal(bytes, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", served.Content.Headers.ContentType?.ToString());
    }

    [Theory]
    [InlineData("prompt.txt", null, "text/plain; charset=utf-8")]
    [InlineData("prompt", null, "text/plain; charset=utf-8")]
    [InlineData("request.json", null, "application/json; charset=utf-8")]
    [InlineData("notes.txt", "text/markdown", "text/markdown")]
    public async Task A_string_goes_as_UTF8_without_a_byte_order_mark(string fileName, string? contentType, string expectedType)
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        ConnectTo(emulator);
        const string text = "Ein Koala liest eine Karte — 水彩画";

        var result = Host.Run("Send-FalAsset -Content $args[0] -FileName $args[1] -ContentType $args[2]", text, fileName, contentType);

        result.AssertSucceeded();
        var asset = Assert.Single(result.OutputOf<FalAsset>());
        using var served = await emulator.HttpClient.GetAsync(asset.FileUrl);
        Assert.Equal(new UTF8Encoding(false).GetBytes(text), await served.Content.ReadAsByteArrayAsync());
        Assert.Equal(expectedType, asset.ContentType);
        Assert.Equal(expectedType, served.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task An_empty_string_or_array_is_an_empty_file()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        ConnectTo(emulator);

        var result = Host.Run("Send-FalAsset -Content '' -FileName empty.txt; Send-FalAsset -Content ([byte[]]::new(0)) -FileName empty.bin");

        result.AssertSucceeded();
        Assert.All(result.OutputOf<FalAsset>(), asset => Assert.Equal(0, asset.Length));
        Assert.Equal(2, emulator.Emulator.ListObjects().Count);
    }

    [Fact]
    public async Task A_seekable_stream_is_read_from_its_position_and_left_open()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        ConnectTo(emulator);
        var bytes = RandomBytes(50_000);
        using var stream = new MemoryStream(bytes) { Position = 1000 };

        var result = Host.Run("Send-FalAsset -Content $args[0] -FileName tail.bin -Verify", stream);

        result.AssertSucceeded();
        var asset = Assert.Single(result.OutputOf<FalAsset>());
        Assert.Equal(bytes[1000..], await emulator.HttpClient.GetByteArrayAsync(asset.FileUrl));
        Assert.True(stream.CanRead, "the caller's stream is not disposed");
    }

    [Theory]
    [MemberData(nameof(UploadFlowRoutes.Names), MemberType = typeof(UploadFlowRoutes))]
    public async Task A_stream_larger_than_the_threshold_goes_in_parts_seekable_or_not(string flow)
    {
        var routes = UploadFlowRoutes.Of(flow);
        await using var emulator = await EmulatorFixture.StartAsync();
        ConnectTo(emulator, flow);
        var bytes = RandomBytes(12 * 1024 * 1024 + 5);

        var result = Host.Run(
            $"Send-FalAsset -Content $args[0] -FileName seekable.bin {InParts} -Verify; Send-FalAsset -Content $args[1] -FileName unseekable.bin {InParts} -Verify",
            new MemoryStream(bytes),
            new UnseekableStream(bytes));

        result.AssertSucceeded();
        var assets = result.OutputOf<FalAsset>();
        Assert.Equal(2, assets.Count);
        foreach (var asset in assets)
        {
            Assert.Equal(bytes.Length, asset.Length);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)), asset.Sha256, StringComparer.OrdinalIgnoreCase);
            Assert.Equal(bytes, await emulator.HttpClient.GetByteArrayAsync(asset.FileUrl));
        }

        Assert.Equal(6, emulator.Emulator.Faults.RequestCount(routes.Part));
    }

    [Fact]
    public async Task A_short_stream_that_cannot_seek_goes_in_one_request_and_is_retried_from_memory()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.Faults[RouteKind.TokenUpload].FailNth.Add(1);
            options.Faults[RouteKind.TokenUpload].FailNthWith = FaultAction.ServerError;
        });
        ConnectTo(emulator, "CdnToken");
        var bytes = RandomBytes(300_000);

        var result = Host.Run("Send-FalAsset -Content $args[0] -FileName short.bin -Verbose", new UnseekableStream(bytes));

        result.AssertSucceeded();
        Assert.Equal(bytes, await emulator.HttpClient.GetByteArrayAsync(Assert.Single(result.OutputOf<FalAsset>()).FileUrl));
        Assert.Equal(2, emulator.Emulator.Faults.RequestCount(RouteKind.TokenUpload));
        Assert.Equal(0, emulator.Emulator.Faults.RequestCount(RouteKind.TokenPart));
    }

    [Fact]
    public async Task A_part_of_a_stream_that_cannot_seek_is_retried_from_its_buffer()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.Faults[RouteKind.Part].FailNth.Add(2);
            options.Faults[RouteKind.Part].FailNthWith = FaultAction.Drop;
        });
        ConnectTo(emulator, "SignedUrl");
        var bytes = RandomBytes(11 * 1024 * 1024);

        var result = Host.Run($"Send-FalAsset -Content $args[0] -FileName retried.bin {InParts}", new UnseekableStream(bytes));

        result.AssertSucceeded();
        Assert.Equal(bytes, await emulator.HttpClient.GetByteArrayAsync(Assert.Single(result.OutputOf<FalAsset>()).FileUrl));
        Assert.Equal(4, emulator.Emulator.Faults.RequestCount(RouteKind.Part));
    }

    /// <summary>A refused upload URL starts the upload again with a new one: a seekable stream seeks back to where it began,
    /// one that cannot seek cannot be read twice, and says so.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_upload_that_must_start_again_rereads_a_seekable_stream_and_fails_clearly_for_one_that_cannot_seek(bool seekable)
    {
        // The first part is refused with 429; by its retry the emulator's clock has passed the upload URL's end.
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.TimeProvider = ClockThatJumps.PastEveryLifetimeAt(options.Faults, RouteKind.Part, 2);
            options.Faults[RouteKind.Part].FailNth.Add(1);
            options.Faults[RouteKind.Part].FailNthWith = FaultAction.RateLimit;
            options.Faults[RouteKind.Part].RetryAfter = TimeSpan.FromMilliseconds(100);
        });
        ConnectTo(emulator, "SignedUrl");
        var bytes = RandomBytes(6 * 1024 * 1024);
        Stream stream = seekable ? new MemoryStream(bytes) { Position = 7 } : new UnseekableStream(bytes);

        var result = Host.Run($"Send-FalAsset -Content $args[0] -FileName again.bin {InParts} -ThrottleLimit 1", stream);

        if (seekable)
        {
            result.AssertSucceeded();
            Assert.Equal(bytes[7..], await emulator.HttpClient.GetByteArrayAsync(Assert.Single(result.OutputOf<FalAsset>()).FileUrl));
            Assert.Equal(2, emulator.Emulator.Faults.RequestCount(RouteKind.Initiate));
        }
        else
        {
            var error = Assert.Single(result.Errors);
            Assert.StartsWith("FalStorage.ContentReadFailed,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Contains("cannot seek, and its bytes were already sent once", error.Exception.Message, StringComparison.Ordinal);
            Assert.Equal("again.bin", error.TargetObject);
            Assert.Empty(emulator.Emulator.ListObjects());
        }
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(7 * 1024 * 1024)]
    public async Task A_stream_that_fails_midway_is_a_ContentReadFailed_error_and_nothing_is_stored(int failAt)
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        ConnectTo(emulator);
        var bytes = RandomBytes(12 * 1024 * 1024);

        var result = Host.Run($"Send-FalAsset -Content $args[0] -FileName broken.bin {InParts}; 'after'", new FailingStream(bytes, failAt));

        Assert.Null(result.TerminatingError);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("FalStorage.ContentReadFailed,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(System.Management.Automation.ErrorCategory.ReadError, error.CategoryInfo.Category);
        Assert.Contains("Reading the -Content of 'broken.bin' failed: The connection was reset by the peer. Nothing was stored for it.", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal("after", Assert.Single(result.Output).BaseObject);
        Assert.Empty(emulator.Emulator.ListObjects());
    }

    [Theory]
    [InlineData("Send-FalAsset -Content @(1, 2, 3) -FileName numbers.bin", "FalStorage.InvalidContent,", "cast them: -Content ([byte[]]$values)")]
    [InlineData("Send-FalAsset -Content @{ a = 1 } -FileName table.bin", "FalStorage.InvalidContent,", "not a System.Collections.Hashtable")]
    [InlineData("$s = [IO.MemoryStream]::new(); $s.Dispose(); Send-FalAsset -Content $s -FileName closed.bin", "FalStorage.InvalidContent,", "cannot be read: it is closed")]
    [InlineData("Send-FalAsset -Content 'text' -FileName $null", "ParameterArgumentValidationError", "FileName")]
    [InlineData("[byte[]](1, 2, 3) | Send-FalAsset -FileName piped.bin", "FalStorage.PathNotFound,", "Cannot find path")]
    public async Task Content_it_cannot_take_is_a_clear_error_and_nothing_is_sent(string script, string errorId, string message)
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        ConnectTo(emulator);

        var result = Host.Run(script);

        var error = result.TerminatingError ?? Assert.Single(result.Errors.Take(1));
        Assert.StartsWith(errorId, error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains(message, error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(emulator.Emulator.ListObjects());
        Assert.Equal(0, emulator.Emulator.Faults.RequestCount(RouteKind.TokenUpload) + emulator.Emulator.Faults.RequestCount(RouteKind.Put));
    }

    [Fact]
    public async Task WhatIf_says_what_it_would_send_and_reads_nothing()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        ConnectTo(emulator);
        using var stream = new UnseekableStream(RandomBytes(1000));

        var result = Host.Run("Send-FalAsset -Content $args[0] -FileName later.bin -WhatIf", stream);

        result.AssertSucceeded();
        Assert.Empty(result.Output);
        Assert.Equal(0, stream.Position);
        Assert.Empty(emulator.Emulator.ListObjects());
    }

    [Fact]
    public async Task SkipUnchanged_reuses_content_sent_before_and_records_a_stream_that_cannot_seek()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        ConnectTo(emulator);
        var index = Path.Combine(Files.Path, "upload-index.json");
        var bytes = RandomBytes(6 * 1024 * 1024);
        const string Send = "Send-FalAsset -Content $args[0] -FileName style.bin -SkipUnchanged -IndexPath $args[1] " + InParts;

        var streamed = Host.Run(Send, new UnseekableStream(bytes), index);
        var fromBytes = Host.Run(Send, bytes, index);
        var fromStream = Host.Run(Send, new MemoryStream(bytes), index);

        streamed.AssertSucceeded();
        fromBytes.AssertSucceeded();
        fromStream.AssertSucceeded();
        var first = Assert.Single(streamed.OutputOf<FalAsset>());
        Assert.False(first.Reused);
        Assert.All(new[] { fromBytes, fromStream }, run => Assert.True(Assert.Single(run.OutputOf<FalAsset>()).Reused));
        Assert.All(new[] { fromBytes, fromStream }, run => Assert.Equal(first.FileUrl, run.OutputOf<FalAsset>()[0].FileUrl));
        Assert.Single(emulator.Emulator.ListObjects());
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
