using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

/// <summary><c>dotnet pack</c> of the emulator gives a .NET tool whose command is <c>fal-emulator</c>, and it runs.</summary>
public sealed partial class ToolPackagingTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public async Task Pack_gives_a_dotnet_tool_called_fal_emulator_that_serves_and_stops_gracefully()
    {
        // The test project built the emulator in the same configuration, so packing needs no build.
        var configuration = RepoPaths.BuildConfiguration;
        var project = Path.Combine(RepoPaths.Root, "src", "FalStorage.Emulator", "FalStorage.Emulator.csproj");
        var output = Path.Combine(folder.Path, "package");
        var pack = await RunAsync(RepoPaths.Dotnet, ["pack", project, "-c", configuration, "--no-build", "--no-restore", "-o", output]);
        Assert.True(pack.ExitCode == 0, pack.Output);

        var package = Assert.Single(Directory.GetFiles(output, "FalStorage.Emulator.*.nupkg"));
        var tool = Path.Combine(folder.Path, "extracted");
        ZipFile.ExtractToDirectory(package, tool);
        var settings = XDocument.Load(Path.Combine(tool, "tools", "net10.0", "any", "DotnetToolSettings.xml"));
        var command = Assert.Single(settings.Descendants("Command"));
        Assert.Equal("fal-emulator", command.Attribute("Name")?.Value);
        Assert.Equal("FalStorage.Emulator.dll", command.Attribute("EntryPoint")?.Value);
        var entryPoint = Path.Combine(tool, "tools", "net10.0", "any", "FalStorage.Emulator.dll");

        var help = await RunAsync(RepoPaths.Dotnet, [entryPoint, "--help"]);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("fal-emulator", help.Output);

        // Served from the package, then stopped as a service manager stops it.
        using var process = Process.Start(new ProcessStartInfo(RepoPaths.Dotnet, [entryPoint, "--urls", "http://127.0.0.1:0", "--data", Path.Combine(folder.Path, "data")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            var banner = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var address = ListeningOn().Match(banner ?? "");
            Assert.True(address.Success, $"unexpected first line: {banner}");
            using var client = new HttpClient();
            Assert.Equal("""{"status":"ok"}""", await client.GetStringAsync(new Uri(new Uri(address.Groups[1].Value), "health")));

            if (!OperatingSystem.IsWindows())
            {
                using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync();
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
                Assert.Equal(0, process.ExitCode);
                Assert.Contains("Stopped.", await process.StandardOutput.ReadToEndAsync());
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    public void Dispose() => folder.Dispose();

    [GeneratedRegex(@"listening on (http://[^ ,]+)")]
    private static partial Regex ListeningOn();

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(fileName, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await stdout + await stderr);
    }
}
