using System.Diagnostics;
using System.Reflection;

namespace FalStorage.Benchmarks;

/// <summary>Where the benchmark finds what it runs (the built emulator and module, the clients), and how it starts them.</summary>
internal sealed class Workspace
{
    /// <summary>How every pwsh client starts: the tool manifest's PowerShell, no profile, nothing asked, a script file next.</summary>
    private static readonly string[] PwshFile = ["pwsh", "-NoLogo", "-NoProfile", "-NonInteractive", "-File"];

    private Workspace(string root, string configuration)
    {
        Root = root;
        EmulatorDll = Path.Combine(root, "src", "FalStorage.Emulator", "bin", configuration, "net10.0", "FalStorage.Emulator.dll");
        ModuleManifest = Path.Combine(root, "out", "FalStorage", "FalStorage.psd1");
        PwshSession = Path.Combine(root, "bench", "FalStorage.Benchmarks", "Clients", "PwshSession.ps1");
        ColdProcess = Path.Combine(root, "bench", "FalStorage.Benchmarks", "Clients", "ColdProcess.ps1");
        FalJsFolder = Path.Combine(root, "bench", "fal-js");
    }

    public string Root { get; }

    public string EmulatorDll { get; }

    public string ModuleManifest { get; }

    public string PwshSession { get; }

    public string ColdProcess { get; }

    public string FalJsFolder { get; }

    /// <summary>Finds the repository and the builds in it, of this benchmark's own configuration.</summary>
    public static Workspace Locate() =>
        new(FindRepositoryRoot(), typeof(Workspace).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration);

    /// <summary>Finds the repository and brings in the pinned pwsh and fal-js, as a fresh clone needs.</summary>
    public static async Task<Workspace> PrepareAsync()
    {
        var workspace = Locate();
        await RunToolAsync("dotnet", workspace.Root, "tool", "restore");
        if (!File.Exists(Path.Combine(workspace.FalJsFolder, "node_modules", "@fal-ai", "client", "package.json")))
        {
            await RunToolAsync("npm", workspace.FalJsFolder, "ci", "--no-audit", "--no-fund");
        }

        return workspace;
    }

    /// <summary>`dotnet pwsh` (the tool manifest's PowerShell) running the session script, with the module or without.</summary>
    public Task<ClientSession> StartPwshAsync(string name, Uri endpoint, string key, bool withModule)
    {
        var start = ClientStart("dotnet", key, [.. PwshFile, PwshSession, "-Endpoint", Endpoint(endpoint)]);
        if (withModule)
        {
            start.ArgumentList.Add("-Module");
            start.ArgumentList.Add(ModuleManifest);
        }

        return ClientSession.StartAsync(name, start);
    }

    /// <summary>`dotnet pwsh` running the one-command script to its end, under GNU time (<see cref="ColdProcess"/>'s
    /// header lists the ops and their parameters).</summary>
    public Task<TimedProcess.Result> RunColdPwshAsync(int serverPid, string key, params string[] parameters) =>
        TimedProcess.RunAsync(["dotnet", .. PwshFile, ColdProcess, .. parameters], serverPid, start => AsClient(start, key));

    public Task<ClientSession> StartFalJsAsync(Uri endpoint, string key) =>
        ClientSession.StartAsync("fal-js", ClientStart("node", key, Path.Combine(FalJsFolder, "session.mjs"), Endpoint(endpoint)));

    /// <summary>The endpoint as users write it, without the trailing slash.</summary>
    public static string Endpoint(Uri endpoint) => endpoint.ToString().TrimEnd('/');

    private ProcessStartInfo ClientStart(string fileName, string key, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        AsClient(start, key);
        return start;
    }

    /// <summary>A client runs at the repository's root (where `dotnet pwsh` finds the tool manifest) and gets the key by
    /// environment (FAL_KEY, read by Connect-FalStorage and fal-js alike), never on a command line.</summary>
    private void AsClient(ProcessStartInfo start, string key)
    {
        start.WorkingDirectory = Root;
        start.Environment["FAL_KEY"] = key;
    }

    private static async Task RunToolAsync(string fileName, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{fileName} {string.Join(' ', arguments)}' in {workingDirectory} failed with exit code {process.ExitCode}.");
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FalStorage.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmark from within the repository.");
    }
}
