using System.Globalization;

namespace FalStorage.Benchmarks;

/// <summary>
/// curl downloading the benchmark's files, a fresh process per run under GNU time (its CPU and peak memory): many
/// files with `--parallel`, or one file with `-o`. Each saves under the URL's last segment.
/// </summary>
internal static class CurlGet
{
    private static readonly string[] Quiet = ["curl", "--silent", "--show-error", "--fail"];

    /// <summary>
    /// `curl --parallel --parallel-max n --config list`, the URLs and their output files in a config file (1000 URLs do
    /// not belong on a command line). Timed around the process (its start included: a few milliseconds), since curl's
    /// own <c>time_total</c> is per transfer.
    /// </summary>
    public static async Task<Measurement> MeasureParallelAsync(EmulatorProcess emulator, UploadedFiles files, string destination, int inFlight)
    {
        var config = Path.Combine(Path.GetTempPath(), $"falstorage-bench-curl-{Guid.NewGuid():N}.conf");
        try
        {
            await File.WriteAllLinesAsync(config, files.Urls.SelectMany(url => new[] { $"url = \"{url}\"", $"output = \"{Target(destination, url)}\"" }));
            var run = await TimedProcess.RunAsync([.. Quiet, "--parallel", "--parallel-max", inFlight.ToString(CultureInfo.InvariantCulture), "--config", config], emulator.Pid);
            return run.Measurement;
        }
        finally
        {
            File.Delete(config);
        }
    }

    /// <summary>One `curl -o` of one URL; curl's own <c>time_total</c> is the time.</summary>
    public static async Task<Measurement> MeasureOneAsync(EmulatorProcess emulator, string url, string destination)
    {
        var run = await TimedProcess.RunAsync([.. Quiet, "--output", Target(destination, url), "--write-out", "%{time_total}", url], emulator.Pid);
        return run.Measurement with { Seconds = double.Parse(run.Output, CultureInfo.InvariantCulture) };
    }

    private static string Target(string destination, string url) => Path.Combine(destination, new Uri(url).Segments[^1]);
}
