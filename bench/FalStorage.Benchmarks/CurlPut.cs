using System.Diagnostics;
using System.Globalization;

namespace FalStorage.Benchmarks;

/// <summary>
/// One `curl -T` PUT of a file to an upload URL initiated beforehand (not timed): the most one stream through the same
/// server and loopback does. GNU time reports curl's CPU and peak memory; curl itself the transfer time.
/// </summary>
internal static class CurlPut
{
    public static async Task<Measurement> MeasureAsync(EmulatorProcess emulator, string key, string path)
    {
        var uploadUrl = (await new EmulatorApi(emulator.Endpoint, key).InitiateAsync(Path.GetFileName(path), multipart: false)).AbsoluteUri;
        var usageFile = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo("/usr/bin/time") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[]
            {
                "-f", "%U %S %M", "-o", usageFile,
                "curl", "--silent", "--show-error", "--fail", "--upload-file", path, "--header", "Content-Type: application/octet-stream",
                "--output", "/dev/null", "--write-out", "%{time_total}", uploadUrl,
            })
            {
                start.ArgumentList.Add(argument);
            }

            var serverCpu = ProcFs.CpuSeconds(emulator.Pid);
            using var curl = Process.Start(start)!;
            var stdout = curl.StandardOutput.ReadToEndAsync();
            var stderr = curl.StandardError.ReadToEndAsync();
            await curl.WaitForExitAsync();
            serverCpu = ProcFs.CpuSeconds(emulator.Pid) - serverCpu;
            if (curl.ExitCode != 0)
            {
                throw new InvalidOperationException($"curl failed with exit code {curl.ExitCode}: {await stderr}");
            }

            var usage = (await File.ReadAllTextAsync(usageFile)).Trim().Split(' ');
            var cpu = double.Parse(usage[0], CultureInfo.InvariantCulture) + double.Parse(usage[1], CultureInfo.InvariantCulture);
            var peak = long.Parse(usage[2], CultureInfo.InvariantCulture) * 1024;
            return new Measurement(double.Parse(await stdout, CultureInfo.InvariantCulture), cpu, serverCpu, peak, ResidentBefore: null);
        }
        finally
        {
            File.Delete(usageFile);
        }
    }
}
