using System.Globalization;
using FalStorage.Emulator;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>
/// Azure Automation's conditions: jobs in runspaces of one process at the same time, and nobody to
/// answer a prompt.
/// </summary>
public sealed class UnattendedTests : IDisposable
{
    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Eight_runspaces_uploading_at_once_each_use_their_own_key_and_see_only_their_own_session()
    {
        const int Jobs = 8;
        const int FilesPerJob = 6;

        // The last four characters differ, so each job's masked key tells the keys apart.
        var keys = Enumerable.Range(0, Jobs).Select(job => $"job-key-{job}-00000000000{job:0000}").ToArray();
        var options = new EmulatorOptions { Urls = "http://127.0.0.1:0", DataDirectory = Path.Combine(_files.Path, "data") };
        options.Keys.AddRange(keys);
        await using var emulator = await FalStorageEmulator.StartAsync(options);
        var random = new Random(8);
        var files = Enumerable.Range(0, Jobs)
            .Select(job => Enumerable.Range(0, FilesPerJob).Select(n => _files.WriteRandomFile($"job{job}-{n}.bin", random.Next(1_000, 200_000))).ToArray())
            .ToArray();

        // Eight jobs and one that never connects, on threads of their own: they connect at the same moment, then
        // upload at the same moment, each its files at once and one more through a ticket.
        using var start = new Barrier(Jobs + 1);
        using var connected = new Barrier(Jobs + 1);
        var jobs = Enumerable.Range(0, Jobs).Select(job => RunOnOwnThread(() =>
        {
            using var host = new ModuleHost(new RecordingHost());
            Assert.True(start.SignalAndWait(TimeSpan.FromSeconds(60)), "the jobs did not start together");
            var connect = host.Run("Connect-FalStorage -Endpoint $args[0] -Key $args[1]", emulator.BaseAddress.ToString(), keys[job]);
            Assert.True(connected.SignalAndWait(TimeSpan.FromSeconds(60)), "the jobs did not all connect");
            var upload = host.Run(
                """
                $files, $job = $args
                Get-FalSession
                $files | Send-FalAsset -ThrottleLimit 4
                Send-FalAsset -Path $files[0] -Ticket (Request-FalUpload -FileName "job$job-ticket.bin")
                Get-FalSession
                """,
                files[job],
                job);
            return (Connect: connect, Upload: upload);
        })).ToList();
        var unconnected = RunOnOwnThread(() =>
        {
            using var host = new ModuleHost(new RecordingHost());
            start.SignalAndWait(TimeSpan.FromSeconds(60));
            connected.SignalAndWait(TimeSpan.FromSeconds(60));
            return host.Run("Get-FalSession");
        });
        var results = await Task.WhenAll(jobs);

        for (var job = 0; job < Jobs; job++)
        {
            var (connect, upload) = results[job];
            connect.AssertSucceeded();
            upload.AssertSucceeded();
            var own = Assert.Single(connect.OutputOf<FalSession>());
            Assert.Equal("****" + keys[job][^4..], own.MaskedKey);
            Assert.All(upload.OutputOf<FalSession>(), seen => Assert.Same(own, seen));
            Assert.Equal(2, upload.OutputOf<FalSession>().Count);
            Assert.Equal(files[job].Append(files[job][0]), upload.OutputOf<FalAsset>().Select(a => a.SourcePath));
        }

        var stillUnconnected = await unconnected;
        stillUnconnected.AssertSucceeded();
        Assert.Empty(stillUnconnected.Output);

        // Every object was initiated with the key of the job whose name it bears, and holds that job's bytes.
        var objects = emulator.ListObjects();
        Assert.Equal(Jobs * (FilesPerJob + 1), objects.Count);
        var sourceOf = files.SelectMany(paths => paths).ToDictionary(path => Path.GetFileName(path), path => path);
        foreach (var stored in objects)
        {
            var job = int.Parse(stored.FileName["job".Length..stored.FileName.IndexOf('-')], CultureInfo.InvariantCulture);
            Assert.True(FalStorageEmulator.FingerprintKey(keys[job]) == stored.KeyFingerprint, $"{stored.FileName} was initiated with another job's key");
            var source = sourceOf.GetValueOrDefault(stored.FileName, files[job][0]);
            Assert.Equal(TempFolder.Sha256OfFile(source), stored.Sha256.ToUpperInvariant());
        }
    }

    [Fact]
    public async Task No_cmdlet_prompts_with_the_default_preferences()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        var file = _files.WriteRandomFile("unattended.wav", 1000);
        using var host = new ModuleHost(new RecordingHost());

        var result = host.Run(
            """
            Connect-FalStorage -Endpoint $args[0] -Key $args[1]
            Get-FalSession
            Send-FalAsset -Path $args[2]
            $ticket = Request-FalUpload -FileName ticket.wav -ExpiresIn 1h
            Send-FalAsset -LiteralPath $args[2] -Ticket $ticket
            Disconnect-FalStorage -PassThru
            """,
            emulator.BaseAddress.ToString(), emulator.Key, file);

        result.AssertSucceeded();
        Assert.Equal(2, result.OutputOf<FalAsset>().Count);
        Assert.Equal(3, result.OutputOf<FalSession>().Count);
    }

    [Fact]
    public void The_recording_host_fails_a_prompt_as_a_non_interactive_host_does()
    {
        var file = _files.WriteRandomFile("confirm.png", 10);
        using var host = new ModuleHost(new RecordingHost());

        var result = host.Run("Send-FalAsset -Path $args[0] -Session (Connect-FalStorage -Endpoint http://127.0.0.1:9 -Key k) -Confirm", file);

        Assert.Contains("non-interactive", result.TerminatingError?.Exception.ToString());
    }

    /// <summary>A job on a thread of its own, as Azure Automation runs each job's runspace.</summary>
    private static Task<T> RunOnOwnThread<T>(Func<T> job) => Task.Factory.StartNew(job, TaskCreationOptions.LongRunning);
}
