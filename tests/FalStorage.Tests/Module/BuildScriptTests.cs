using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>The README's main command, `pwsh ./build.ps1 -Task Demo`, run on the hosted engine.</summary>
public sealed class BuildScriptTests
{
    [Fact]
    public void The_Demo_task_uploads_every_sample_and_stops_the_emulator()
    {
        // The configuration this test run was built in, so the Demo's build finds everything up to date.
        var configuration = typeof(BuildScriptTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var samples = Directory.GetFiles(Path.Combine(RepoPaths.Root, "samples")).Order().ToList();
        using var shell = PowerShell.Create(InitialSessionState.CreateDefault2());
        shell.AddCommand(Path.Combine(RepoPaths.Root, "build.ps1")).AddParameter("Task", "Demo").AddParameter("Configuration", configuration);

        var result = PipelineResult.Capture(shell);

        result.AssertSucceeded();
        var assets = result.OutputOf<FalAsset>();
        Assert.Equal(samples, assets.Select(a => a.SourcePath).Order());
        Assert.Contains(assets, a => a.ContentType == "image/png");
        Assert.Contains(assets, a => a.ContentType == "audio/wav");
        Assert.Contains(result.Information, line => line.Contains($"{samples.Count} files uploaded; each is served back byte for byte"));
        Assert.Contains(result.Information, line => line.Contains("Emulator stopped"));

        // Stopped means gone: the emulator no longer answers where it served the files.
        using var http = new HttpClient();
        Assert.ThrowsAny<HttpRequestException>(() => http.GetAsync(assets[0].FileUrl).GetAwaiter().GetResult());
    }
}
