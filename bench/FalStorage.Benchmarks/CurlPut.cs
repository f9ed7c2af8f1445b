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
        var run = await TimedProcess.RunAsync(Command(path, uploadUrl), emulator.Pid);
        return run.Measurement with { Seconds = double.Parse(run.Output, CultureInfo.InvariantCulture) };
    }

    /// <summary>The curl command line: it writes its transfer time (seconds) to standard output.</summary>
    public static string[] Command(string path, string uploadUrl) =>
    [
        "curl", "--silent", "--show-error", "--fail", "--upload-file", path, "--header", "Content-Type: application/octet-stream",
        "--output", "/dev/null", "--write-out", "%{time_total}", uploadUrl,
    ];
}
