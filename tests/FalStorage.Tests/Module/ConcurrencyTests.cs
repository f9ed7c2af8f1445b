using System.Collections.Concurrent;
using System.Management.Automation;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>Send-FalAsset's concurrency as PowerShell sees it: order, streaming, threads, progress, verification.</summary>
public sealed class ConcurrencyTests(EmulatorFixture emulator) : ConnectedModuleTests(emulator)
{

    [Fact]
    public async Task Output_order_equals_input_order_at_throttle_16()
    {
        // Sizes vary a lot so that later files often finish before earlier ones.
        var random = new Random(16);
        var paths = Enumerable.Range(0, 120).Select(i => Files.WriteRandomFile($"order-{i:000}.bin", random.Next(0, 4) == 0 ? random.Next(200_000, 1_500_000) : random.Next(0, 2_000))).ToList();

        var result = Host.Run("$args[0] | Send-FalAsset -ThrottleLimit 16", (object)paths.ToArray());

        result.AssertSucceeded();
        var assets = result.OutputOf<FalAsset>();
        Assert.Equal(paths, assets.Select(a => a.SourcePath));
        foreach (var asset in assets.Where((_, i) => i % 10 == 0))
        {
            Assert.Equal(await File.ReadAllBytesAsync(asset.SourcePath), await Emulator.HttpClient.GetByteArrayAsync(asset.FileUrl));
        }
    }

    [Fact]
    public void Results_stream_out_before_the_last_input_arrives()
    {
        // More files than the 32 Send-FalAsset holds pending at -ThrottleLimit 2: input must wait for output.
        var paths = Enumerable.Range(0, 100).Select(i => Files.WriteRandomFile($"stream-{i:00}.png", 1000)).ToArray();

        // Each output records how many inputs had been produced by the time it came out.
        var result = Host.Run(
            "$script:produced = 0; $args[0] | ForEach-Object { $script:produced++; $_ } | Send-FalAsset -ThrottleLimit 2 | ForEach-Object { $script:produced }",
            (object)paths);

        result.AssertSucceeded();
        var producedAtEachOutput = result.Output.Select(o => (int)o.BaseObject).ToList();
        Assert.Equal(100, producedAtEachOutput.Count);
        Assert.True(producedAtEachOutput[0] < 100, $"the first result came out only after all 100 inputs (at {producedAtEachOutput[0]})");
    }

    [Fact]
    public void Every_stream_is_written_from_the_pipeline_thread()
    {
        var paths = Enumerable.Range(0, 40).Select(i => Files.WriteRandomFile($"thread-{i:00}.jpg", 50_000)).ToList();
        paths.Insert(20, Path.Combine(Files.Path, "missing.jpg"));
        var writers = new ConcurrentBag<(string Stream, int Thread)>();
        using var shell = PowerShell.Create();
        shell.Runspace = Host.Runspace;
        var output = new PSDataCollection<PSObject>();
        output.DataAdded += (_, _) => writers.Add(("output", Environment.CurrentManagedThreadId));
        shell.Streams.Error.DataAdded += (_, _) => writers.Add(("error", Environment.CurrentManagedThreadId));
        shell.Streams.Verbose.DataAdded += (_, _) => writers.Add(("verbose", Environment.CurrentManagedThreadId));
        shell.Streams.Progress.DataAdded += (_, _) => writers.Add(("progress", Environment.CurrentManagedThreadId));
        shell.Streams.Debug.DataAdded += (_, _) => writers.Add(("debug", Environment.CurrentManagedThreadId));
        shell.Streams.Warning.DataAdded += (_, _) => writers.Add(("warning", Environment.CurrentManagedThreadId));
        shell.Streams.Information.DataAdded += (_, _) => writers.Add(("information", Environment.CurrentManagedThreadId));
        shell.AddScript("[Environment]::CurrentManagedThreadId; $args[0] | Send-FalAsset -ThrottleLimit 8 -Verify -Verbose")
            .AddArgument(paths.ToArray());

        shell.Invoke(null, output);

        var pipelineThread = (int)output[0].BaseObject;
        Assert.Equal(40, output.Count - 1);
        Assert.Contains(writers, w => w.Stream == "error");
        Assert.Contains(writers, w => w.Stream == "verbose");
        Assert.All(writers, w => Assert.True(w.Thread == pipelineThread, $"{w.Stream} written from thread {w.Thread}, not the pipeline thread {pipelineThread}"));
    }

    [Fact]
    public void Progress_reports_files_and_bytes_and_stays_silent_when_asked()
    {
        var paths = Enumerable.Range(0, 5).Select(i => Files.WriteRandomFile($"progress-{i}.wav", 10_000)).ToArray();

        var shown = Host.Run("$args[0] | Send-FalAsset", (object)paths);
        var silent = Host.Run("$ProgressPreference = 'SilentlyContinue'; $args[0] | Send-FalAsset", (object)paths);

        shown.AssertSucceeded();
        var final = Assert.Single(shown.Progress, p => p.RecordType == ProgressRecordType.Completed && p.ParentActivityId == -1);
        Assert.Equal("Uploading to fal Storage", final.Activity);
        Assert.StartsWith("5 of 5 files, 48.8 KB of 48.8 KB", final.StatusDescription);
        silent.AssertSucceeded();
        Assert.Equal(5, silent.OutputOf<FalAsset>().Count);
        Assert.Empty(silent.Progress);
    }

    [Fact]
    public void Verify_checks_what_the_CDN_serves_and_reports_its_SHA256()
    {
        var path = Files.WriteRandomFile("verified.png", 300_000);

        var result = Host.Run("Send-FalAsset -Path $args[0] -Verify -Verbose", path);

        result.AssertSucceeded();
        Assert.Equal(TempFolder.Sha256OfFile(path), Assert.Single(result.OutputOf<FalAsset>()).Sha256);
    }

    [Fact]
    public void Throttle_limits_out_of_range_are_refused_at_binding()
    {
        foreach (var limit in new[] { 0, 65, 1000 })
        {
            var result = Host.Run($"Send-FalAsset -Path nothing.png -ThrottleLimit {limit}");

            Assert.StartsWith("ParameterArgumentValidationError,", result.TerminatingError?.FullyQualifiedErrorId);
        }

        var partSize = Host.Run("Send-FalAsset -Path nothing.png -PartSize 1MB");
        Assert.StartsWith("ParameterArgumentValidationError,", partSize.TerminatingError?.FullyQualifiedErrorId);
    }
}
