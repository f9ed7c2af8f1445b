using System.IO.Compression;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Xml.Linq;
using FalStorage.Tests.Infrastructure;
using NuGet.Packaging;

namespace FalStorage.Tests.Module;

/// <summary>
/// build.ps1's tasks run on the hosted engine: the README's main command, `pwsh ./build.ps1 -Task Demo`,
/// and the Package task. One class, so the nested builds never run at the same time.
/// </summary>
public sealed class BuildScriptTests
{
    [Fact]
    public void The_Demo_task_uploads_every_sample_and_stops_the_emulator()
    {
        var samples = Directory.GetFiles(Path.Combine(RepoPaths.Root, "samples")).Where(f => !f.EndsWith(".ps1", StringComparison.Ordinal)).Order().ToList();

        var result = RunBuildScript("Demo");

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

    [Fact]
    public void The_Package_task_writes_a_Gallery_nupkg_and_an_Automation_zip_that_match_the_manifest()
    {
        var result = RunBuildScript("Package");

        result.AssertSucceeded();
        var manifest = ReadManifest();
        var moduleFiles = ModuleFiles();
        Assert.Superset(
            new HashSet<string> { "FalStorage.psd1", manifest.RootModule, "FalStorage.Format.ps1xml", "en-US/FalStorage.dll-Help.xml", "en-US/about_FalStorage.help.txt" },
            moduleFiles.Keys.ToHashSet());
        Assert.Equal(
            [Path.Combine(RepoPaths.Root, "out", $"FalStorage.{manifest.Version}.nupkg"), Path.Combine(RepoPaths.Root, "out", "FalStorage.zip")],
            result.OutputOf<FileInfo>().Select(file => file.FullName));

        using (var zip = ZipFile.OpenRead(Path.Combine(RepoPaths.Root, "out", "FalStorage.zip")))
        {
            Assert.Equal(moduleFiles.Keys.Select(name => "FalStorage/" + name).Order(), zip.Entries.Select(e => e.FullName).Order());
            Assert.All(zip.Entries, entry => Assert.True(entry.FullName.Length < 140, entry.FullName));
            Assert.All(moduleFiles, file => Assert.Equal(file.Value, Bytes(zip.GetEntry("FalStorage/" + file.Key)!)));
        }

        using var nupkg = ZipFile.OpenRead(Path.Combine(RepoPaths.Root, "out", $"FalStorage.{manifest.Version}.nupkg"));
        var coreProperties = Assert.Single(nupkg.Entries, e => e.FullName.StartsWith("package/services/metadata/core-properties/", StringComparison.Ordinal) && e.Name.EndsWith(".psmdcp", StringComparison.Ordinal));
        Assert.Equal(
            moduleFiles.Keys.Concat(["FalStorage.nuspec", "[Content_Types].xml", "_rels/.rels", coreProperties.FullName]).Order(),
            nupkg.Entries.Select(e => e.FullName).Order());
        Assert.All(moduleFiles, file => Assert.Equal(file.Value, Bytes(nupkg.GetEntry(file.Key)!)));
        AssertOpcParts(nupkg, coreProperties.FullName);

        using var reader = new PackageArchiveReader(Path.Combine(RepoPaths.Root, "out", $"FalStorage.{manifest.Version}.nupkg"));
        var nuspec = reader.NuspecReader;
        Assert.Equal("FalStorage", nuspec.GetId());
        Assert.Equal(manifest.Version.ToString(), nuspec.GetVersion().ToNormalizedString());
        Assert.Equal(manifest.Author, nuspec.GetAuthors());
        Assert.Equal(manifest.CompanyName, nuspec.GetOwners());
        Assert.Equal(manifest.Description, nuspec.GetDescription());
        Assert.Equal(manifest.ReleaseNotes, nuspec.GetReleaseNotes());
        Assert.Equal(manifest.Copyright, nuspec.GetCopyright());
        Assert.Equal(manifest.ProjectUri.AbsoluteUri, nuspec.GetProjectUrl());
        Assert.Equal(manifest.LicenseUri.AbsoluteUri, nuspec.GetLicenseUrl());
        Assert.False(nuspec.GetRequireLicenseAcceptance());
        var tags = nuspec.GetTags().Split(' ');
        Assert.Equal(tags.Distinct(StringComparer.OrdinalIgnoreCase), tags);
        Assert.Superset(
            manifest.Tags
                .Concat(["PSModule", "PSIncludes_Cmdlet", "PSEdition_Core", "PSEdition_Desktop"])
                .Concat(manifest.ExportedCmdlets.Keys.SelectMany(cmdlet => new[] { "PSCmdlet_" + cmdlet, "PSCommand_" + cmdlet }))
                .ToHashSet(),
            tags.ToHashSet());
    }

    private static PipelineResult RunBuildScript(string task)
    {
        // The configuration this test run was built in, so the task's own build finds everything up to date.
        var configuration = typeof(BuildScriptTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        using var shell = PowerShell.Create(InitialSessionState.CreateDefault2());
        shell.AddCommand(Path.Combine(RepoPaths.Root, "build.ps1")).AddParameter("Task", task).AddParameter("Configuration", configuration);
        return PipelineResult.Capture(shell);
    }

    private static PSModuleInfo ReadManifest()
    {
        using var host = new ModuleHost();
        var result = host.Run("Test-ModuleManifest -Path $args[0]", RepoPaths.ModuleManifest);
        result.AssertSucceeded();
        return (PSModuleInfo)result.Output.Single().BaseObject;
    }

    /// <summary>The built module's files by their path inside the module folder, with their bytes.</summary>
    private static Dictionary<string, byte[]> ModuleFiles()
    {
        var folder = Path.GetDirectoryName(RepoPaths.ModuleManifest)!;
        return Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(path => Path.GetRelativePath(folder, path).Replace('\\', '/'), File.ReadAllBytes);
    }

    /// <summary>The parts nuget pack writes: a content type for every extension, and relationships to the nuspec and the core properties.</summary>
    private static void AssertOpcParts(ZipArchive nupkg, string coreProperties)
    {
        XNamespace types = "http://schemas.openxmlformats.org/package/2006/content-types";
        var declared = XDocument.Load(nupkg.GetEntry("[Content_Types].xml")!.Open()).Root!.Elements(types + "Default")
            .Select(d => (string)d.Attribute("Extension")!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.All(
            nupkg.Entries.Where(e => e.FullName != "[Content_Types].xml"),
            entry => Assert.Contains(Path.GetExtension(entry.Name).TrimStart('.'), declared));

        XNamespace relationships = "http://schemas.openxmlformats.org/package/2006/relationships";
        var targets = XDocument.Load(nupkg.GetEntry("_rels/.rels")!.Open()).Root!.Elements(relationships + "Relationship")
            .ToDictionary(r => (string)r.Attribute("Type")!, r => (string)r.Attribute("Target")!);
        Assert.Equal("/FalStorage.nuspec", targets["http://schemas.microsoft.com/packaging/2010/07/manifest"]);
        Assert.Equal("/" + coreProperties, targets["http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"]);
    }

    private static byte[] Bytes(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
