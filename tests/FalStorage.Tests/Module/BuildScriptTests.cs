using System.IO.Compression;
using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using FalStorage.Tests.Infrastructure;
using NuGet.Packaging;

namespace FalStorage.Tests.Module;

/// <summary>
/// build.ps1's tasks as a user runs them, in a shell of its own: the README's main command,
/// `dotnet pwsh ./build.ps1 -Task Demo`, and the Package task.
/// </summary>
[Collection(ShellProcessCollection.Name)]
public sealed class BuildScriptTests
{
    [Fact]
    public void The_Demo_task_shows_every_sample_uploaded_and_checked_while_the_emulator_serves_it_then_stops_it()
    {
        var samples = Directory.GetFiles(Path.Combine(RepoPaths.Root, "samples")).Where(f => !f.EndsWith(".ps1", StringComparison.Ordinal)).Select(Path.GetFileName).Order().ToList();

        var result = RunBuildScript("Demo");

        result.AssertSucceeded();
        var lines = result.Output.Split('\n').Select(line => line.TrimEnd()).ToList();
        var endpoint = Regex.Match(result.Output, @"listening on (http://127\.0\.0\.1:\d+)").Groups[1].Value;
        Assert.NotEmpty(endpoint);
        var tableHeader = lines.FindIndex(line => Regex.IsMatch(line, @"^\s*Length\s+FileUrl$"));
        Assert.True(tableHeader > 0, result.Output);
        var done = lines.FindIndex(line => line.StartsWith("Done: ", StringComparison.Ordinal));
        Assert.Equal($"Done: {samples.Count} files uploaded to the emulator and served back byte for byte", Regex.Replace(lines[done], ", in .*", ""));
        Assert.Equal(done, lines.FindLastIndex(line => line.Length > 0));
        foreach (var sample in samples)
        {
            // A table row with its whole URL on the emulator, and its check, both before the closing line.
            Assert.InRange(lines.FindIndex(line => Regex.IsMatch(line, $@"^\s*[0-9.]+ [KMG]?B\s+{Regex.Escape(endpoint)}/files/[0-9a-f]+/{Regex.Escape(sample!)}$")), tableHeader + 2, done);
            Assert.InRange(lines.FindIndex(line => Regex.IsMatch(line, $@"^\s+{Regex.Escape(sample!)}: served back byte for byte \(SHA-256 [0-9a-f]{{16}}\.\.\.\)$")), tableHeader + 2, done);
        }

        // Only the steps speak: no log lines of the emulator, no build output.
        Assert.DoesNotContain(lines, line => line.Contains("FalStorage.Emulator", StringComparison.Ordinal) || line.StartsWith("info:", StringComparison.Ordinal) || line.StartsWith("==>", StringComparison.Ordinal));
        Assert.Empty(result.Error.Trim());

        // Stopped means gone: nothing answers where it served the files.
        using var http = new HttpClient();
        Assert.ThrowsAny<HttpRequestException>(() => http.GetAsync(endpoint + "/health").GetAwaiter().GetResult());
    }

    [Fact]
    public void The_Package_task_writes_a_Gallery_nupkg_and_an_Automation_zip_that_match_the_manifest()
    {
        using var output = new TempFolder();
        var result = RunBuildScript("Package", "-OutputPath", output.Path);

        result.AssertSucceeded();
        var manifest = ReadManifest();
        var moduleFiles = ModuleFiles();
        var nupkgPath = Path.Combine(output.Path, $"FalStorage.{manifest.Version}.nupkg");
        var zipPath = Path.Combine(output.Path, "FalStorage.zip");
        Assert.Superset(
            new HashSet<string> { "FalStorage.psd1", "FalStorage.dll", "FalStorage.Format.ps1xml", "en-US/FalStorage.dll-Help.xml", "en-US/about_FalStorage.help.txt" },
            moduleFiles.Keys.ToHashSet());
        Assert.Equal([nupkgPath, zipPath], Directory.GetFiles(output.Path).Order());
        Assert.Contains($"{nupkgPath} (", result.Output);
        Assert.Contains($"{zipPath} (", result.Output);

        using (var zip = ZipFile.OpenRead(zipPath))
        {
            Assert.Equal(moduleFiles.Keys.Select(name => "FalStorage/" + name).Order(), zip.Entries.Where(e => e.Name.Length > 0).Select(e => e.FullName.Replace('\\', '/')).Order());
            Assert.All(zip.Entries, entry => Assert.True(entry.FullName.Length < 140, entry.FullName));
            Assert.All(moduleFiles, file => Assert.Equal(file.Value, Bytes(zip.GetEntry("FalStorage/" + file.Key)!)));
        }

        using var nupkg = ZipFile.OpenRead(nupkgPath);
        var coreProperties = Assert.Single(nupkg.Entries, e => e.FullName.StartsWith("package/services/metadata/core-properties/", StringComparison.Ordinal) && e.Name.EndsWith(".psmdcp", StringComparison.Ordinal));
        Assert.Equal(
            moduleFiles.Keys.Concat(["FalStorage.nuspec", "[Content_Types].xml", "_rels/.rels", coreProperties.FullName]).Order(),
            nupkg.Entries.Select(e => e.FullName).Order());
        Assert.All(moduleFiles, file => Assert.Equal(file.Value, Bytes(nupkg.GetEntry(file.Key)!)));
        AssertOpcParts(nupkg, coreProperties.FullName);

        using var reader = new PackageArchiveReader(nupkgPath);
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

        // PSResourceGet writes the manifest's tags and PSModule; the Gallery derives the command tags from the manifest itself.
        var tags = nuspec.GetTags().Split(' ');
        Assert.Equal(tags.Distinct(StringComparer.OrdinalIgnoreCase), tags);
        Assert.Superset(manifest.Tags.Append("PSModule").ToHashSet(), tags.ToHashSet());
    }

    private static PowerShellProcess.Result RunBuildScript(string task, params string[] arguments)
    {
        return PowerShellProcess.Run(["-File", Path.Combine(RepoPaths.Root, "build.ps1"), "-Task", task, "-Configuration", RepoPaths.BuildConfiguration, .. arguments]);
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
