using System.Reflection;

namespace FalStorage.Tests.Infrastructure;

/// <summary>Paths in the repository the tests run from.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The dotnet that runs the tests (so a child process uses the same SDK), or the one on the PATH.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>The configuration these tests were built in (Debug or Release): child builds and runs use the same, so they find everything up to date.</summary>
    public static string BuildConfiguration { get; } =
        typeof(RepoPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The importable module that the build assembles.</summary>
    public static string ModuleManifest => Path.Combine(Root, "out", "FalStorage", "FalStorage.psd1");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FalStorage.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("FalStorage.sln not found above " + AppContext.BaseDirectory);
    }
}
