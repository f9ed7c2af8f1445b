using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace FalStorage.Benchmarks;

/// <summary>
/// One `curl -T` PUT of a file to an upload URL initiated beforehand (not timed): the most one stream through the same
/// server and loopback does. GNU time reports curl's CPU and peak memory; curl itself the transfer time.
/// </summary>
internal static class CurlPut
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(5) };

    public static async Task<Measurement> MeasureAsync(EmulatorProcess emulator, string key, string path)
    {
        var uploadUrl = await InitiateAsync(emulator.Endpoint, key, Path.GetFileName(path));
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

    private static async Task<string> InitiateAsync(Uri endpoint, string key, string fileName)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint, "storage/upload/initiate?storage_type=fal-cdn-v3"))
        {
            Content = new StringContent(JsonSerializer.Serialize(new { content_type = "application/octet-stream", file_name = fileName }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Key", key);
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return document.RootElement.GetProperty("upload_url").GetString()!;
    }
}
