using System.Management.Automation;
using System.Management.Automation.Language;
using System.Reflection;
using System.Security.Cryptography;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>The module that `dotnet build` assembles in out/FalStorage/ is what users import.</summary>
public sealed class ModuleLayoutTests : IDisposable
{
    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void Test_ModuleManifest_accepts_the_built_module_and_it_exports_the_cmdlets()
    {
        var result = _host.Run("Test-ModuleManifest -Path $args[0]", RepoPaths.ModuleManifest);

        result.AssertSucceeded();
        var module = Assert.IsType<PSModuleInfo>(Assert.Single(result.Output).BaseObject);
        Assert.Equal(
            ["Clear-FalUploadIndex", "Connect-FalStorage", "Disconnect-FalStorage", "Get-FalAssetAcl", "Get-FalSession", "Get-FalStorageSetting", "New-FalSignedUrl", "Request-FalUpload", "Save-FalAsset", "Send-FalAsset", "Set-FalAssetAcl", "Set-FalStorageSetting"],
            module.ExportedCmdlets.Keys.Order());
        Assert.Equal(typeof(FalAsset).Assembly.GetName().Version!.ToString(3), module.Version.ToString(3));
    }

    [Fact]
    public void The_manifest_carries_what_the_Gallery_and_Azure_Automation_read()
    {
        var module = (PSModuleInfo)_host.Run("Test-ModuleManifest -Path $args[0]", RepoPaths.ModuleManifest).Output.Single().BaseObject;

        // The assembly is a nested module (see src/FalStorage/FalStorage.psd1): Automation and PowerShell load its cmdlets from there.
        Assert.Equal("FalStorage.dll", Path.GetFileName(Assert.Single(module.NestedModules).Path));
        Assert.Equal(new Version(5, 1), module.PowerShellVersion);
        Assert.Equal(["Core", "Desktop"], module.CompatiblePSEditions.Order());
        Assert.False(string.IsNullOrWhiteSpace(module.Author));
        Assert.False(string.IsNullOrWhiteSpace(module.Description));
        Assert.False(string.IsNullOrWhiteSpace(module.ReleaseNotes));
        Assert.Equal(new Uri("https://github.com/FalStorage/FalStorage"), module.ProjectUri);
        Assert.Equal(new Uri("https://github.com/FalStorage/FalStorage/blob/main/LICENSE"), module.LicenseUri);
        Assert.Equal("https://github.com/FalStorage/FalStorage", module.HelpInfoUri);
        Assert.Superset(
            new HashSet<string> { "fal", "upload", "CDN", "storage", "AI", "PSEdition_Core", "PSEdition_Desktop", "Windows", "Linux", "MacOS" },
            module.Tags.ToHashSet());
        Assert.Empty(module.ExportedFunctions);
        Assert.Empty(module.ExportedAliases);
        Assert.Empty(module.ExportedVariables);
        Assert.StartsWith("MIT License", File.ReadAllText(Path.Combine(RepoPaths.Root, "LICENSE")));
    }

    [Fact]
    public void The_shipped_manifests_release_notes_are_the_changelogs_section_for_its_version()
    {
        var module = (PSModuleInfo)_host.Run("Test-ModuleManifest -Path $args[0]", RepoPaths.ModuleManifest).Output.Single().BaseObject;
        var changelog = File.ReadAllText(Path.Combine(RepoPaths.Root, "CHANGELOG.md")).ReplaceLineEndings("\n");
        var heading = $"\n## [{module.Version.ToString(3)}]";

        var start = changelog.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"CHANGELOG.md has no section '{heading.Trim()}' for the manifest's version.");
        var body = changelog[(changelog.IndexOf('\n', start + 1) + 1)..];
        var next = body.IndexOf("\n## [", StringComparison.Ordinal);
        var section = (next < 0 ? body : body[..next]).Trim();
        Assert.Equal(section, module.ReleaseNotes.ReplaceLineEndings("\n").Trim());
    }

    [Theory]
    [InlineData("src/FalStorage/FalStorage.psd1")] // the module's, as it ships
    [InlineData("FalStorage.psd1")] // Import-Module from a clone
    public void The_manifest_lists_every_cmdlet_by_name_without_wildcards(string manifestPath)
    {
        // The manifest as PowerShell reads it, not as Test-ModuleManifest resolves it (which expands wildcards).
        var manifest = (System.Collections.Hashtable)Parser.ParseFile(Path.Combine(RepoPaths.Root, manifestPath), out _, out _)
            .Find(ast => ast is HashtableAst, searchNestedScriptBlocks: false)!
            .SafeGetValue();
        var listed = ((object[])manifest["CmdletsToExport"]!).Cast<string>().ToList();
        var cmdletsInAssembly = typeof(FalAsset).Assembly.GetTypes()
            .Select(type => type.GetCustomAttribute<CmdletAttribute>())
            .OfType<CmdletAttribute>()
            .Select(cmdlet => cmdlet.VerbName + "-" + cmdlet.NounName);

        Assert.Equal(cmdletsInAssembly.Order(), listed.Order());
        Assert.DoesNotContain(listed, name => WildcardPattern.ContainsWildcardCharacters(name));
    }

    [Fact]
    public void The_imported_assembly_is_the_one_in_out()
    {
        // The test process references the module project too; the engine reuses that loaded copy,
        // so it must be the very file the build put in out/FalStorage/.
        var result = _host.Run("(Get-Command Send-FalAsset).ImplementingType.Assembly.Location");
        var loaded = (string)Assert.Single(result.Output).BaseObject;

        Assert.Equal(Sha256(Path.Combine(RepoPaths.Root, "out", "FalStorage", "FalStorage.dll")), Sha256(loaded));
        foreach (var file in new[] { "FalStorage.psd1", "FalStorage.dll", "FalStorage.Format.ps1xml", "en-US/FalStorage.dll-Help.xml", "en-US/about_FalStorage.help.txt" })
        {
            Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "out", "FalStorage", file)), file);
        }
    }

    [Fact]
    public void Every_cmdlet_declares_its_output_type()
    {
        var result = _host.Run("Get-Command -Module FalStorage | ForEach-Object { '{0}={1}' -f $_.Name, ($_.OutputType.Name -join ',') }");

        result.AssertSucceeded();
        Assert.Equal(
            [
                "Clear-FalUploadIndex=System.Void",
                "Connect-FalStorage=FalStorage.FalSession",
                "Disconnect-FalStorage=FalStorage.FalSession",
                "Get-FalAssetAcl=FalStorage.FalAcl",
                "Get-FalSession=FalStorage.FalSession",
                "Get-FalStorageSetting=FalStorage.FalStorageSetting",
                "New-FalSignedUrl=FalStorage.FalSignedUrl",
                "Request-FalUpload=FalStorage.FalUploadTicket",
                "Save-FalAsset=System.IO.FileInfo",
                "Send-FalAsset=FalStorage.FalAsset",
                "Set-FalAssetAcl=FalStorage.FalAcl",
                "Set-FalStorageSetting=FalStorage.FalStorageSetting",
            ],
            result.Output.Select(o => o.ToString()).Order());
    }

    private static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
