using FalStorage.Emulator;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>
/// samples/Upload-FalAssets.runbook.ps1 run as Azure Automation would: on a host that cannot
/// prompt, with Automation's asset cmdlets (which exist only there) stood in for by functions.
/// </summary>
public sealed class RunbookTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private static readonly string Runbook = Path.Combine(RepoPaths.Root, "samples", "Upload-FalAssets.runbook.ps1");

    // What Get-AutomationVariable and Get-AutomationPSCredential return in Automation: a decrypted
    // variable's plain string, and a credential asset as a PSCredential.
    private const string AutomationAssets = """
        $automationVariables = @{ FalKey = $args[0] }
        function Get-AutomationVariable([string] $Name) { $automationVariables[$Name] }
        function Get-AutomationPSCredential([string] $Name) {
            $id, $secret = $automationVariables['FalKey'] -split ':', 2
            [pscredential]::new($id, [System.Net.NetworkCredential]::new('', $secret).SecurePassword)
        }
        """;

    private readonly EmulatorFixture _emulator;
    private readonly ModuleHost _host = new(new RecordingHost());
    private readonly TempFolder _files = new();

    public RunbookTests(EmulatorFixture emulator) => _emulator = emulator;

    public void Dispose()
    {
        _host.Dispose();
        _files.Dispose();
    }

    [Theory]
    [InlineData("")]
    [InlineData("-CredentialName fal")]
    public async Task The_runbook_uploads_with_the_Automation_key_and_writes_only_the_urls(string keyFrom)
    {
        var files = new[] { _files.WriteRandomFile("render-1.png", 3000), _files.WriteRandomFile("render-2.png", 5000) };
        _host.Run(AutomationAssets, _emulator.Key).AssertSucceeded();

        var result = _host.Run(
            $"& $args[0] -Path ([IO.Path]::Combine($args[1], '*.png')) -Endpoint $args[2] -ExpiresIn 1d {keyFrom}; Get-FalSession",
            Runbook, _files.Path, _emulator.BaseAddress.ToString());

        result.AssertSucceeded();
        Assert.All(result.Output, url => Assert.IsType<string>(url.BaseObject));
        var urls = result.Output.Select(url => (string)url.BaseObject).ToList();
        Assert.Empty(result.Progress);
        Assert.Equal(files.Select(Path.GetFileName), urls.Select(FileNameIn).Order());
        foreach (var url in urls)
        {
            var file = Path.Combine(_files.Path, FileNameIn(url));
            Assert.Equal(await File.ReadAllBytesAsync(file), await _emulator.HttpClient.GetByteArrayAsync(url));
            var stored = Assert.Single(_emulator.Emulator.ListObjects(), o => url.Contains(o.Id, StringComparison.Ordinal));
            Assert.Equal(FalStorageEmulator.FingerprintKey(_emulator.Key), stored.KeyFingerprint);
        }
    }

    private static string FileNameIn(string url) => Path.GetFileName(new Uri(url).AbsolutePath);
}
