using System.Diagnostics;
using System.Management.Automation;
using FalStorage.Emulator;
using FalStorage.Tests.Emulator;
using FalStorage.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FalStorage.Tests.Module;

/// <summary>
/// Save-FalAsset against servers that misbehave on purpose: a connection dropped mid-file, a file replaced between
/// its ranges, a private file on the session's CDN, a foreign host that refuses, and Ctrl+C.
/// </summary>
public sealed class SaveFalAssetResilienceTests : ModuleTests
{
    private const int RangeSize = 10 * 1024 * 1024;
    private readonly CapturingLoggerProvider _emulatorLog = new();

    [Fact]
    public async Task A_connection_dropped_mid_file_resumes_from_the_bytes_already_written()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.Faults[RouteKind.Cdn].FailNth.Add(1);
            options.Faults[RouteKind.Cdn].FailNthWith = FaultAction.Drop;
            options.LogLevel = LogLevel.Information;
            options.ConfigureLogging = logging => logging.AddProvider(_emulatorLog);
        });
        ConnectTo(emulator);
        var source = Files.WriteRandomFile("dropped.bin", 3 * 1024 * 1024);

        var result = Host.Run("Send-FalAsset -Path $args[0] | Save-FalAsset -Destination $args[1] -Verbose", source, Path.Combine(Files.Path, "back"));

        result.AssertSucceeded();
        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(Assert.Single(result.OutputOf<FileInfo>()).FullName));
        Assert.Contains(result.Verbose, line => line.Contains("Retry 1 of 5", StringComparison.Ordinal));
        await Eventually.TrueAsync(() => FileRequests().Count == 2, "the emulator's log of both GETs");
        var gets = FileRequests();
        Assert.Equal("aborted", gets[0].Status);
        Assert.Equal("206", gets[1].Status);

        // The retry asked only for what the dropped answer had not delivered (at most what the server sent was lost
        // in flight), not the whole file again.
        var length = new FileInfo(source).Length;
        Assert.InRange(gets[1].BytesOut, length - gets[0].BytesOut, length - 1);
    }

    [Fact]
    public async Task A_large_file_comes_in_parallel_ranges()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.LogLevel = LogLevel.Information;
            options.ConfigureLogging = logging => logging.AddProvider(_emulatorLog);
        });
        ConnectTo(emulator);
        var source = Files.WriteRandomFile("large.bin", (2 * RangeSize) + 12345);

        var result = Host.Run("Send-FalAsset -Path $args[0] | Save-FalAsset -Destination $args[1]", source, Path.Combine(Files.Path, "back"));

        result.AssertSucceeded();
        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(Assert.Single(result.OutputOf<FileInfo>()).FullName));
        await Eventually.TrueAsync(() => FileRequests().Count == 3, "the emulator's log of the three GETs");
        var gets = FileRequests();
        Assert.Equal(["206", "206", "206"], gets.Select(g => g.Status));
        Assert.Equal([RangeSize, RangeSize, 12345L], gets.Select(g => g.BytesOut).Order().Reverse());
    }

    [Fact]
    public async Task A_file_replaced_between_its_ranges_is_detected_and_downloaded_again()
    {
        var before = RandomBytes(RangeSize + 5000);
        var after = RandomBytes(RangeSize + 5000);
        await using var server = await FileServer.StartAsync((number, _) => number == 1 ? FileServer.File(before, "\"v1\"") : FileServer.File(after, "\"v2\""));

        var result = Host.Run("Save-FalAsset -Url $args[0] -Destination $args[1] -Verbose", new Uri(server.Address, "files/replaced.bin").AbsoluteUri, Files.Path);

        result.AssertSucceeded();
        Assert.Equal(after, File.ReadAllBytes(Assert.Single(result.OutputOf<FileInfo>()).FullName));
        Assert.Contains(result.Verbose, line => line.Contains("changed while it was downloaded", StringComparison.Ordinal));
        var requests = server.Requests;
        Assert.Equal(4, requests.Count);
        Assert.Equal(("bytes=10485760-10490759", "\"v1\""), (requests[1].Range, requests[1].IfMatch));
        Assert.Equal(("bytes=0-10485759", null), (requests[2].Range, requests[2].IfMatch));
        Assert.Equal("\"v2\"", requests[3].IfMatch);
        Assert.Equal(["replaced.bin"], Directory.GetFiles(Files.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_foreign_host_never_receives_credentials_even_when_it_asks_for_them()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        ConnectTo(emulator);
        var bytes = RandomBytes(2000);
        await using var server = await FileServer.StartAsync((_, context) =>
            context.Request.Path.Value!.Contains("private", StringComparison.Ordinal) ? Results.StatusCode(403) : FileServer.File(bytes, "\"x\""));

        var result = Host.Run(
            "Save-FalAsset -Url $args[0], $args[1] -Destination $args[2] -Verbose",
            new Uri(server.Address, "files/public.bin").AbsoluteUri,
            new Uri(server.Address, "files/private.bin").AbsoluteUri,
            Files.Path);

        Assert.Equal(bytes, File.ReadAllBytes(Assert.Single(result.OutputOf<FileInfo>()).FullName));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("FalStorage.CredentialsNotSent,", error.FullyQualifiedErrorId);
        Assert.Contains(emulator.BaseAddress.GetLeftPart(UriPartial.Authority), error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, request => Assert.Null(request.Authorization));
    }

    [Fact]
    public async Task A_file_the_session_CDN_refuses_anonymously_is_read_with_the_sessions_CDN_token()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            // The emulator's CDN does not enforce ACLs: its injected 403 stands for a private file's anonymous answer.
            options.Faults[RouteKind.Cdn].FailNth.Add(1);
            options.Faults[RouteKind.Cdn].FailNthWith = FaultAction.AccountLocked;
        });
        ConnectTo(emulator, "SignedUrl");
        var source = Files.WriteRandomFile("private.png", 4000);

        var result = Host.Run("Send-FalAsset -Path $args[0] | Save-FalAsset -Destination $args[1] -Verbose", source, Path.Combine(Files.Path, "back"));

        result.AssertSucceeded();
        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(Assert.Single(result.OutputOf<FileInfo>()).FullName));
        Assert.Contains(result.Verbose, line => line.Contains("403 without credentials; asking again with the session's CDN token", StringComparison.Ordinal));
        Assert.Equal((1, 2), (emulator.Emulator.Faults.RequestCount(RouteKind.Token), emulator.Emulator.Faults.RequestCount(RouteKind.Cdn)));
    }

    [Theory]
    [InlineData("Private", 4000)]
    [InlineData("Hidden", RangeSize + 4000)]
    public async Task A_private_file_is_saved_by_its_owner_and_refused_to_another_user_and_to_no_session(string access, int length)
    {
        await using var emulator = await PlatformApi.StartWithUsersAsync();
        var source = Files.WriteRandomFile("mine.bin", length);
        var connect = "Connect-FalStorage -Endpoint $args[0] -Key $args[1] | Out-Null; ";
        var asset = Host.Run(connect + "Send-FalAsset -Path $args[2] -Access $args[3]", emulator.BaseAddress.ToString(), PlatformApi.AliceKey, source, access)
            .OutputOf<FalAsset>().Single();

        var owner = Host.Run(connect + "$args[2] | Save-FalAsset -Destination $args[3] -Verbose", emulator.BaseAddress.ToString(), PlatformApi.AliceKey, asset, Path.Combine(Files.Path, "alice"));
        var other = Host.Run(connect + "$args[2] | Save-FalAsset -Destination $args[3]", emulator.BaseAddress.ToString(), PlatformApi.BobKey, asset, Path.Combine(Files.Path, "bob"));
        using var anonymousHost = new ModuleHost();
        var anonymous = anonymousHost.Run("Save-FalAsset -Url $args[0] -Destination $args[1] -Verbose", asset.FileUrl, Path.Combine(Files.Path, "nobody"));

        owner.AssertSucceeded();
        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(Assert.Single(owner.OutputOf<FileInfo>()).FullName));
        Assert.Contains(owner.Verbose, line => line.Contains("without credentials; asking again with the session's CDN token", StringComparison.Ordinal));
        var expected = access == "Private" ? "FalStorage.UrlForbidden," : "FalStorage.UrlNotFound,";
        Assert.StartsWith(expected, Assert.Single(other.Errors).FullyQualifiedErrorId);
        Assert.StartsWith(expected, Assert.Single(anonymous.Errors).FullyQualifiedErrorId);
        Assert.Contains(anonymous.Verbose, line => line.Contains("No fal session and no key", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(Files.Path, "bob")) && Directory.EnumerateFileSystemEntries(Path.Combine(Files.Path, "bob")).Any());
    }

    [Fact]
    public async Task Ctrl_C_stops_at_once_and_removes_the_temporary_files()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        ConnectTo(emulator);
        var sources = Enumerable.Range(0, 4).Select(i => Files.WriteRandomFile($"in/stalled-{i}.png", 1000)).ToArray();
        Host.Run("$global:assets = $args[0] | Send-FalAsset", (object)sources).AssertSucceeded();
        emulator.Emulator.Faults[RouteKind.Cdn].Latency = TimeSpan.FromSeconds(30);
        var destination = Path.Combine(Files.Path, "back");

        using var shell = PowerShell.Create();
        shell.Runspace = Host.Runspace;
        shell.AddScript("$assets | Save-FalAsset -Destination $args[0]").AddArgument(destination);
        var running = shell.BeginInvoke();
        await Eventually.TrueAsync(() => emulator.Emulator.Faults.RequestCount(RouteKind.Cdn) >= sources.Length, "downloads in flight");
        Assert.Equal(sources.Length, Directory.GetFiles(destination).Length);
        var stopping = Stopwatch.StartNew();
        shell.Stop();
        stopping.Stop();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(1), $"Stop took {stopping.Elapsed.TotalMilliseconds:0} ms");
        Assert.True(running.IsCompleted);
        await Eventually.TrueAsync(() => Directory.GetFiles(destination).Length == 0, "the temporary files removed");
    }

    private List<(string Status, long BytesOut)> FileRequests() =>
        _emulatorLog.Lines
            .Where(line => line.Contains("method=GET route=file", StringComparison.Ordinal))
            .Select(line => (Field(line, "status"), long.Parse(Field(line, "bytes_out"), System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

    private static string Field(string line, string name)
    {
        var start = line.IndexOf(name + "=", StringComparison.Ordinal) + name.Length + 1;
        var end = line.IndexOf(' ', start);
        return end < 0 ? line[start..] : line[start..end];
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
