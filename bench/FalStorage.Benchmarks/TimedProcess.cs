using System.Diagnostics;
using System.Globalization;

namespace FalStorage.Benchmarks;

/// <summary>
/// A client run as a process of its own under GNU time (`/usr/bin/time`), which reports the process's user + system
/// CPU and its peak resident memory; the emulator's CPU is read from /proc around it.
/// </summary>
internal static class TimedProcess
{
    /// <summary>What one run gave: the client's standard output, the wall time around the whole process (its start
    /// included), and the measurement with that wall time (callers with a finer figure of their own replace it).</summary>
    public sealed record Result(string Output, Measurement Measurement);

    /// <summary>Runs <paramref name="command"/> to its end; <paramref name="configure"/> sets where it runs and its
    /// environment (the key goes there, never on a command line).</summary>
    public static async Task<Result> RunAsync(IEnumerable<string> command, int serverPid, Action<ProcessStartInfo>? configure = null)
    {
        var usageFile = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo("/usr/bin/time") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "-f", "%U %S %M", "-o", usageFile }.Concat(command))
            {
                start.ArgumentList.Add(argument);
            }

            configure?.Invoke(start);
            var serverCpu = ProcFs.CpuSeconds(serverPid);
            var stopwatch = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var seconds = stopwatch.Elapsed.TotalSeconds;
            serverCpu = ProcFs.CpuSeconds(serverPid) - serverCpu;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{command.First()} failed with exit code {process.ExitCode}: {await stderr}");
            }

            var usage = (await File.ReadAllTextAsync(usageFile)).Trim().Split(' ');
            var cpu = double.Parse(usage[0], CultureInfo.InvariantCulture) + double.Parse(usage[1], CultureInfo.InvariantCulture);
            var peak = long.Parse(usage[2], CultureInfo.InvariantCulture) * 1024;
            return new Result(await stdout, new Measurement(seconds, cpu, serverCpu, peak, ResidentBefore: null));
        }
        finally
        {
            File.Delete(usageFile);
        }
    }
}
