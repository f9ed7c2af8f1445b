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
    public async Task Two_runspaces_uploading_at_once_each_use_their_own_key()
    {
        string[] keys = ["job-one-key-0000000000000000", "job-two-key-0000000000000000"];
        var options = new EmulatorOptions { Urls = "http://127.0.0.1:0", DataDirectory = Path.Combine(_files.Path, "data") };
        options.Keys.AddRange(keys);
        await using var emulator = await FalStorageEmulator.StartAsync(options);
        var file = _files.WriteRandomFile("input.png", 20_000);
        using var bothConnected = new Barrier(keys.Length);

        // Each job connects, waits until the other has connected too, then uploads; the threads overlap.
        var jobs = keys.Select((key, job) => Task.Factory.StartNew(
            () =>
            {
                using var host = new ModuleHost(new RecordingHost());
                host.Run("Connect-FalStorage -Endpoint $args[0] -Key $args[1] | Out-Null", emulator.BaseAddress.ToString(), key).AssertSucceeded();
                bothConnected.SignalAndWait(TimeSpan.FromSeconds(30));
                return host.Run("$file, $job = $args; 1..8 | ForEach-Object { Send-FalAsset -Path $file -FileName ('job{0}-{1}.png' -f $job, $_) }", file, job);
            },
            TaskCreationOptions.LongRunning)).ToList();
        var results = await Task.WhenAll(jobs);

        Assert.All(results, result => result.AssertSucceeded());
        var objects = emulator.ListObjects();
        Assert.Equal(16, objects.Count);
        for (var job = 0; job < keys.Length; job++)
        {
            var prefix = $"job{job}-";
            Assert.All(objects.Where(o => o.FileName.StartsWith(prefix, StringComparison.Ordinal)), o => Assert.Equal(FalStorageEmulator.FingerprintKey(keys[job]), o.KeyFingerprint));
            Assert.Equal(8, objects.Count(o => o.FileName.StartsWith(prefix, StringComparison.Ordinal)));
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
}
