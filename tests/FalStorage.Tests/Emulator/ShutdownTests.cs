using System.Diagnostics;
using System.Net;
using FalStorage.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace FalStorage.Tests.Emulator;

/// <summary>Stopping lets uploads in flight finish, within a bound.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_finishes_an_upload_in_flight_and_it_survives_the_restart()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        var (uploadUrl, fileUrl) = await emulator.HttpClient.InitiateUploadAsync(EmulatorFixture.TestKey, "application/octet-stream", "in-flight.bin");
        using var content = new PausingContent(4 * 1024 * 1024, pauseAfter: 1024 * 1024);
        using var client = new HttpClient();
        var put = client.PutAsync(uploadUrl, content);
        await content.Paused.WaitAsync(Eventually.Patience);
        await Eventually.TrueAsync(() => Directory.GetFiles(Path.Combine(emulator.DataDirectory, "tmp")).Length > 0, "the upload to reach the server");

        var stopping = emulator.Emulator.StopAsync();
        await Task.Delay(200);
        Assert.False(stopping.IsCompleted, "the stop should wait for the upload in flight");
        content.Resume();
        using var response = await put.WaitAsync(Eventually.Patience);
        await stopping.WaitAsync(Eventually.Patience);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await emulator.RestartAsync();
        Assert.Equal(content.Bytes, await emulator.HttpClient.GetByteArrayAsync(fileUrl.PathAndQuery));
    }

    /// <summary>Cut off as documented, so not an error: it was logged as "The request failed unexpectedly", since
    /// Kestrel ends the body read before it tells RequestAborted.</summary>
    [Fact]
    public async Task Stopping_cuts_off_an_upload_that_outlasts_the_shutdown_timeout_and_keeps_nothing_of_it()
    {
        var logs = new CapturingLoggerProvider();
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.ShutdownTimeout = TimeSpan.FromMilliseconds(500);
            options.LogLevel = LogLevel.Information;
            options.ConfigureLogging = logging => logging.AddProvider(logs);
        });
        var (uploadUrl, fileUrl) = await emulator.HttpClient.InitiateUploadAsync(EmulatorFixture.TestKey, "application/octet-stream", "stuck.bin");
        using var content = new PausingContent(4 * 1024 * 1024, pauseAfter: 1024 * 1024);
        using var client = new HttpClient();
        var put = client.PutAsync(uploadUrl, content);
        await content.Paused.WaitAsync(Eventually.Patience);
        await Eventually.TrueAsync(() => Directory.GetFiles(Path.Combine(emulator.DataDirectory, "tmp")).Length > 0, "the upload to reach the server");

        // Never resumed: the stop gives up after the timeout (the bound here is loose; the machine may be busy).
        var stopwatch = Stopwatch.StartNew();
        await emulator.Emulator.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
        stopwatch.Stop();

        // The client notices the cut when it sends the rest.
        content.Resume();
        await Assert.ThrowsAsync<HttpRequestException>(() => put.WaitAsync(Eventually.Patience));
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(400), $"stopped after {stopwatch.Elapsed}, before the timeout");
        await Eventually.TrueAsync(() => logs.Lines.Any(line => line.Contains("route=upload", StringComparison.Ordinal)), "the request log line of the cut-off upload");
        Assert.DoesNotContain(logs.Lines, line => line.StartsWith("Error ", StringComparison.Ordinal) || line.StartsWith("Critical ", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(Path.Combine(emulator.DataDirectory, "tmp")));
        await emulator.RestartAsync();
        using var notServed = await emulator.HttpClient.GetAsync(fileUrl.PathAndQuery);
        Assert.Equal(HttpStatusCode.NotFound, notServed.StatusCode);
    }

    [Fact]
    public async Task Stopping_finishes_a_completion_in_flight()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        var (uploadUrl, fileUrl) = await emulator.HttpClient.InitiateMultipartAsync(EmulatorFixture.TestKey, fileName: "completing.bin");
        using var part = await emulator.HttpClient.PutPartAsync(uploadUrl, 1, [1, 2, 3]);

        // The completion waits 300 ms (injected latency) before it runs: the stop arrives while it is in flight.
        emulator.Emulator.Faults[RouteKind.Complete].Latency = TimeSpan.FromMilliseconds(300);
        var complete = emulator.HttpClient.CompleteAsync(uploadUrl, [(1, part.Headers.ETag!.ToString())]);
        await Eventually.TrueAsync(() => emulator.Emulator.Faults.RequestCount(RouteKind.Complete) == 1, "the completion to arrive");
        var stopping = emulator.Emulator.StopAsync();

        using var response = await complete.WaitAsync(Eventually.Patience);
        await stopping.WaitAsync(Eventually.Patience);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await emulator.RestartAsync();
        Assert.Equal([1, 2, 3], await emulator.HttpClient.GetByteArrayAsync(fileUrl.PathAndQuery));
    }
}
