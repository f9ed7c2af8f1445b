using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FalStorage.Benchmarks;

/// <summary>The emulator in a process of its own, so the benchmark's memory figures are the client's alone.</summary>
internal sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataFolder;

    private EmulatorProcess(Process process, Uri endpoint, string dataFolder)
    {
        _process = process;
        Pid = process.Id;
        Endpoint = endpoint;
        _dataFolder = dataFolder;
    }

    public Uri Endpoint { get; }

    /// <summary>The emulator's process (`dotnet FalStorage.Emulator.dll` runs in the process it was started as).</summary>
    public int Pid { get; }

    /// <summary>
    /// Starts the emulator with its data folder under <paramref name="dataRoot"/>; a latency above zero is added to
    /// every request it answers.
    /// </summary>
    public static async Task<EmulatorProcess> StartAsync(string emulatorDll, string key, TimeSpan latency, string dataRoot)
    {
        var dataFolder = Directory.CreateDirectory(Path.Combine(dataRoot, "falstorage-bench-data-" + Guid.NewGuid().ToString("N"))).FullName;
        var endpoint = new Uri($"http://127.0.0.1:{FreePort()}/");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { emulatorDll, "--urls", endpoint.ToString().TrimEnd('/'), "--key", key, "--data", dataFolder, "--log-level", "Warning" })
        {
            start.ArgumentList.Add(argument);
        }

        if (latency > TimeSpan.Zero)
        {
            start.ArgumentList.Add("--fault");
            start.ArgumentList.Add($"all:latency={latency.TotalMilliseconds:0}ms");
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) Console.Error.WriteLine("emulator: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The emulator exited with code {process.ExitCode}.");
            }

            try
            {
                if ((await http.GetAsync(new Uri(endpoint, "health"))).IsSuccessStatusCode)
                {
                    return new EmulatorProcess(process, endpoint, dataFolder);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                process.Kill();
                throw new TimeoutException("The emulator did not start within 60 seconds.");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_dataFolder, recursive: true);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
