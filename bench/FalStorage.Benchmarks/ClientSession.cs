using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FalStorage.Benchmarks;

/// <summary>
/// A client in a long-lived process of its own (pwsh or node), set up once (module imported, connected), then
/// driven one command at a time over stdin: it answers with the time it measured around the command alone, and this
/// side reads the process's CPU time and peak memory from /proc around each command.
/// </summary>
internal sealed class ClientSession : IAsyncDisposable
{
    private readonly Process _process;

    private ClientSession(string name, Process process, int pid)
    {
        Name = name;
        _process = process;
        Pid = pid;
    }

    public string Name { get; }

    /// <summary>The client's own process: `dotnet pwsh` runs pwsh as a child, so the session tells its own id.</summary>
    public int Pid { get; }

    public static async Task<ClientSession> StartAsync(string name, ProcessStartInfo start)
    {
        start.UseShellExecute = false;
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) Console.Error.WriteLine($"{name}: {e.Data}"); };
        process.BeginErrorReadLine();
        var ready = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException($"{name} exited before it was ready (exit code {(process.WaitForExit(5000) ? process.ExitCode : -1)}).");
        if (!ready.StartsWith("ready ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{name} did not start: {ready}");
        }

        return new ClientSession(name, process, int.Parse(ready["ready ".Length..], CultureInfo.InvariantCulture));
    }

    /// <summary>Runs one command; fails unless the client reports <paramref name="expectedCount"/> files and no error.</summary>
    public async Task<Measurement> MeasureAsync(object command, int expectedCount, int serverPid)
    {
        ProcFs.ResetPeakResident(Pid);
        var residentBefore = ProcFs.ResidentBytes(Pid);
        var clientCpu = ProcFs.CpuSeconds(Pid);
        var serverCpu = ProcFs.CpuSeconds(serverPid);

        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(command));
        await _process.StandardInput.FlushAsync();
        var line = await _process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException($"{Name} exited during a command.");

        clientCpu = ProcFs.CpuSeconds(Pid) - clientCpu;
        serverCpu = ProcFs.CpuSeconds(serverPid) - serverCpu;
        var peak = ProcFs.PeakResidentBytes(Pid);
        var reply = JsonNode.Parse(line)!;
        var errors = reply["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        var count = reply["count"]!.GetValue<int>();
        if (errors.Count > 0 || count != expectedCount)
        {
            throw new InvalidOperationException($"{Name}: {count} of {expectedCount} files; {string.Join("; ", errors.Take(3))}");
        }

        return new Measurement(reply["seconds"]!.GetValue<double>(), clientCpu, serverCpu, peak, residentBefore);
    }

    /// <summary>
    /// Uploads with <paramref name="upload"/>, and charges the client only the CPU beyond listing the same folder
    /// in the same process just before (its idle baseline: set up, connected, the files listed).
    /// </summary>
    public Task<Measurement> MeasureBeyondListingAsync(object upload, string folder, int expectedCount, int serverPid) =>
        MeasureBeyondAsync(new { op = "list", folder }, upload, expectedCount, serverPid);

    /// <summary>
    /// Runs <paramref name="command"/>, and charges the client only the CPU beyond <paramref name="baseline"/> (reading
    /// the same input: listing the folder, reading the URL list) in the same process just before.
    /// </summary>
    public async Task<Measurement> MeasureBeyondAsync(object baseline, object command, int expectedCount, int serverPid)
    {
        var before = await MeasureAsync(baseline, expectedCount, serverPid);
        var measurement = await MeasureAsync(command, expectedCount, serverPid);
        return measurement with { ClientCpu = measurement.ClientCpu - before.ClientCpu };
    }

    /// <summary>
    /// One command in a fresh process, as a user meets a cold one: started, set up, its input read once (its own first
    /// command's JIT) and gone idle before the measured baseline and command; the process ends after.
    /// </summary>
    public static async Task<Measurement> MeasureInFreshProcessAsync(Task<ClientSession> starting, object baseline, object command, int expectedCount, int serverPid)
    {
        await using var session = await starting;
        await session.MeasureAsync(baseline, expectedCount, serverPid);
        await session.WaitUntilIdleAsync();
        return await session.MeasureBeyondAsync(baseline, command, expectedCount, serverPid);
    }

    /// <summary>
    /// Waits until the process is idle (under 20 ms of CPU in half a second; at most 20 s), so that what its set-up
    /// left running in the background (the runtime recompiling hot startup code) is not charged to the next command.
    /// </summary>
    public async Task WaitUntilIdleAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var before = ProcFs.CpuSeconds(Pid);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            var now = ProcFs.CpuSeconds(Pid);
            if (now - before < 0.02)
            {
                return;
            }

            before = now;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(10_000))
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
