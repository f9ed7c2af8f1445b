using System.Management.Automation;
using System.Text.RegularExpressions;
using FalStorage.Emulator;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>
/// What the progress bars of Send-FalAsset say: bytes count once the service has taken them (answered their
/// request), so they never run ahead of the files and parts done; -Verify is a phase of its own.
/// </summary>
public sealed class ProgressTests : ModuleTests
{
    private const int OverallId = 1;

    [Theory]
    [MemberData(nameof(UploadFlowRoutes.Names), MemberType = typeof(UploadFlowRoutes))]
    public async Task The_bytes_of_a_file_count_when_the_service_has_taken_them_not_when_they_were_written(string flow)
    {
        // The service holds each upload of the bytes for a second before it takes the body: the client has written
        // into the socket's buffers by then, but nothing is stored yet.
        await using var emulator = await EmulatorFixture.StartAsync(options => options.Faults[UploadFlowRoutes.Of(flow).Upload].Latency = TimeSpan.FromSeconds(1));
        var path = Files.WriteRandomFile("held.mov", 8 * 1024 * 1024);
        ConnectTo(emulator, flow);

        var result = Host.Run("Send-FalAsset -Path $args[0]", path);

        result.AssertSucceeded();
        var whileHeld = Overall(result).Where(r => r.StatusDescription.StartsWith("0 of 1 files", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(whileHeld);
        Assert.All(whileHeld, r => Assert.Equal(0, r.PercentComplete));
        Assert.Contains(result.Progress, r => r.ActivityId == OverallId && r.RecordType == ProgressRecordType.Completed && r.StatusDescription.StartsWith("1 of 1 files, 8.0 MB of 8.0 MB", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(UploadFlowRoutes.Names), MemberType = typeof(UploadFlowRoutes))]
    public async Task The_bytes_of_a_file_in_parts_never_run_ahead_of_its_parts_bar(string flow)
    {
        await using var emulator = await EmulatorFixture.StartAsync(options => options.Faults[UploadFlowRoutes.Of(flow).Part].Latency = TimeSpan.FromMilliseconds(600));
        var path = Files.WriteRandomFile("parts.mov", 4 * 5 * 1024 * 1024);
        ConnectTo(emulator, flow);

        var result = Host.Run("Send-FalAsset -Path $args[0] -MultipartThreshold 5MB -PartSize 5MB -ThrottleLimit 1", path);

        result.AssertSucceeded();

        // Each refresh writes the overall bar, then the file's own bar: compare the two of each refresh.
        var refreshes = new List<(ProgressRecord Overall, ProgressRecord Parts)>();
        for (var i = 0; i + 1 < result.Progress.Count; i++)
        {
            var (overall, next) = (result.Progress[i], result.Progress[i + 1]);
            // A finished file's bar says "done" (no percentage) beside the run's 100%: only bars still moving compare.
            if (overall.ActivityId == OverallId && overall.RecordType == ProgressRecordType.Processing && next.ParentActivityId == OverallId && next.Activity == "parts.mov"
                && next.RecordType == ProgressRecordType.Processing)
            {
                refreshes.Add((overall, next));
            }
        }

        Assert.True(refreshes.Count >= 4, $"{refreshes.Count} refreshes while the parts were sent");
        Assert.All(refreshes, r => Assert.True(
            r.Overall.PercentComplete <= r.Parts.PercentComplete,
            $"overall '{r.Overall.StatusDescription}' ({r.Overall.PercentComplete}%) ahead of '{r.Parts.StatusDescription}' ({r.Parts.PercentComplete}%)"));
    }

    [Fact]
    public async Task A_stream_of_unknown_length_shows_what_was_read_so_far_and_no_percentage()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options => options.Faults[RouteKind.TokenPart].Latency = TimeSpan.FromMilliseconds(600));
        ConnectTo(emulator, "CdnToken");
        var bytes = new byte[3 * 5 * 1024 * 1024];
        Random.Shared.NextBytes(bytes);

        var result = Host.Run("Send-FalAsset -Content $args[0] -FileName piped.bin -MultipartThreshold 5MB -PartSize 5MB -ThrottleLimit 1", new UnseekableStream(bytes));

        result.AssertSucceeded();
        var moving = result.Progress.Where(p => p.RecordType == ProgressRecordType.Processing).ToList();
        var overall = moving.Where(p => p.ActivityId == OverallId).ToList();
        var parts = moving.Where(p => p.Activity == "piped.bin").ToList();
        Assert.NotEmpty(parts);
        Assert.All(parts, p => Assert.Equal(-1, p.PercentComplete));
        Assert.All(parts, p => Assert.EndsWith("parts sent, reading on", p.StatusDescription, StringComparison.Ordinal));
        Assert.Contains(overall, p => p.StatusDescription.Contains(" read so far", StringComparison.Ordinal));
        Assert.All(overall.Where(p => p.StatusDescription.Contains(" read so far", StringComparison.Ordinal)), p => Assert.Equal(-1, p.PercentComplete));
    }

    [Fact]
    public async Task Verify_shows_as_its_own_phase_reading_back_with_its_own_bytes()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options => options.Faults[RouteKind.Cdn].Latency = TimeSpan.FromMilliseconds(700));
        var path = Files.WriteRandomFile("checked.png", 1024 * 1024);
        ConnectTo(emulator);

        var result = Host.Run("Send-FalAsset -Path $args[0] -Verify", path);

        result.AssertSucceeded();
        var verifying = result.Progress.Where(r => r.ParentActivityId == OverallId && r.Activity == "Verifying checked.png").ToList();
        Assert.Contains(verifying, r => r.RecordType == ProgressRecordType.Processing && Regex.IsMatch(r.StatusDescription, @"^Reading it back: [0-9.]+ [KM]?B of 1\.0 MB$"));
        Assert.Contains(verifying, r => r.RecordType == ProgressRecordType.Completed);
    }

    private static IEnumerable<ProgressRecord> Overall(PipelineResult result) =>
        result.Progress.Where(r => r.ActivityId == OverallId && r.RecordType == ProgressRecordType.Processing);
}
