using System.Management.Automation;
using FalStorage.Emulator;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>Where keys come from and where sessions are visible; that keys never show is <see cref="SecretsTests"/>.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class SessionTests : IDisposable
{
    private const string Canary = "fal-canary-3f9a1c77:7d2b9e4458aa41c0bb5e1f0c2d6a8e93";
    private const string IdSecretKey = "key-id-4711:key-secret-0815";

    private readonly TempFolder _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Without_a_key_the_environment_is_read_FAL_KEY_first_then_the_id_and_secret()
    {
        await using var emulator = await StartEmulatorAsync("env-plain-key-000000000000", IdSecretKey);
        var file = _files.WriteRandomFile("env.png", 64);
        using var host = new ModuleHost();

        using (new EnvironmentScope(("FAL_KEY", "env-plain-key-000000000000"), ("FAL_REST_HOST", emulator.BaseAddress.ToString())))
        {
            var viaFalKey = host.Run("Connect-FalStorage; Send-FalAsset -Path $args[0]", file);
            viaFalKey.AssertSucceeded();
            Assert.Equal("Environment:FAL_KEY", Assert.Single(viaFalKey.OutputOf<FalSession>()).KeySource);
            Assert.Single(viaFalKey.OutputOf<FalAsset>());
        }

        using (new EnvironmentScope(("FAL_KEY_ID", "key-id-4711"), ("FAL_KEY_SECRET", "key-secret-0815")))
        {
            var viaIdAndSecret = host.Run("Connect-FalStorage -Endpoint $args[1]; Send-FalAsset -Path $args[0]", file, emulator.BaseAddress.ToString());
            viaIdAndSecret.AssertSucceeded();
            Assert.Single(viaIdAndSecret.OutputOf<FalAsset>());
        }

        Assert.Contains(emulator.Emulator.ListObjects(), o => o.KeyFingerprint == FalStorageEmulator.FingerprintKey(IdSecretKey));
    }

    [Fact]
    public async Task With_no_session_Send_FalAsset_connects_from_FAL_KEY_by_itself()
    {
        await using var emulator = await StartEmulatorAsync("implicit-env-key-0000000000");
        var file = _files.WriteRandomFile("implicit.png", 64);
        using var host = new ModuleHost();
        using var environment = new EnvironmentScope(("FAL_KEY", "implicit-env-key-0000000000"), ("FAL_REST_HOST", emulator.BaseAddress.ToString()));

        var result = host.Run("Send-FalAsset -Path $args[0] -Verbose", file);

        result.AssertSucceeded();
        Assert.Single(result.OutputOf<FalAsset>());
        Assert.Contains(result.Verbose, line => line.Contains("FAL_KEY", StringComparison.Ordinal));
    }

    [Fact]
    public void With_no_key_anywhere_the_error_says_what_to_do()
    {
        var file = _files.WriteRandomFile("nokey.png", 64);
        using var host = new ModuleHost();
        using var environment = new EnvironmentScope();

        foreach (var script in new[] { "Connect-FalStorage", "Send-FalAsset -Path $args[0]", "Request-FalUpload -FileName a.png" })
        {
            var result = host.Run(script, file);
            var error = Assert.IsType<ErrorRecord>(result.TerminatingError);
            Assert.StartsWith("FalStorage.NoCredentials,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
            Assert.Contains("Connect-FalStorage", error.Exception.Message);
            Assert.Contains("FAL_KEY", error.Exception.Message);
        }
    }

    [Fact]
    public void A_key_with_a_line_break_says_in_one_sentence_what_to_do()
    {
        using var host = new ModuleHost();

        var result = host.Run("Connect-FalStorage -Endpoint http://127.0.0.1:8787 -Key \"key-id:sec`nret\"");

        var error = Assert.IsType<ErrorRecord>(result.TerminatingError);
        Assert.StartsWith("FalStorage.NoCredentials,", error.FullyQualifiedErrorId);
        Assert.Equal(
            "The fal API key given with -Key contains a line break, a control character or a non-ASCII character, which an HTTP header cannot carry: give the key again, on one line and with nothing else in it.",
            error.Exception.Message);
    }

    [Fact]
    public async Task A_credential_is_sent_as_id_colon_secret_and_a_SecureString_key_works()
    {
        await using var emulator = await StartEmulatorAsync(IdSecretKey);
        var file = _files.WriteRandomFile("credential.png", 64);
        using var host = new ModuleHost();
        using var environment = new EnvironmentScope();

        var result = host.Run(
            """
            $secret = [System.Net.NetworkCredential]::new('', 'key-secret-0815').SecurePassword
            $credential = [pscredential]::new('key-id-4711', $secret)
            Connect-FalStorage -Endpoint $args[1] -Credential $credential | Out-Null
            Send-FalAsset -Path $args[0]
            Connect-FalStorage -Endpoint $args[1] -Key ([System.Net.NetworkCredential]::new('', $args[2]).SecurePassword) | Out-Null
            Send-FalAsset -Path $args[0]
            """,
            file, emulator.BaseAddress.ToString(), IdSecretKey);

        result.AssertSucceeded();
        Assert.Equal(2, result.OutputOf<FalAsset>().Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_key_from_a_secret_store_works_as_Get_Secret_returns_it(bool asPlainText)
    {
        await using var emulator = await StartEmulatorAsync(IdSecretKey);
        var file = _files.WriteRandomFile("vault.png", 64);
        using var host = new ModuleHost();
        using var environment = new EnvironmentScope();

        // A stand-in for SecretManagement's Get-Secret: a SecureString, or with -AsPlainText the string itself.
        var result = host.Run(
            """
            $vault = @{ FalKey = $args[2] }
            function Get-Secret([string] $Name, [switch] $AsPlainText) {
                if ($AsPlainText) { $vault[$Name] } else { [System.Net.NetworkCredential]::new('', $vault[$Name]).SecurePassword }
            }
            Connect-FalStorage -Endpoint $args[1] -Key (Get-Secret FalKey -AsPlainText:$args[3])
            Send-FalAsset -Path $args[0]
            """,
            file, emulator.BaseAddress.ToString(), IdSecretKey, asPlainText);

        result.AssertSucceeded();
        Assert.Equal("Parameter", Assert.Single(result.OutputOf<FalSession>()).KeySource);
        Assert.Single(result.OutputOf<FalAsset>());
        Assert.Contains(emulator.Emulator.ListObjects(), o => o.KeyFingerprint == FalStorageEmulator.FingerprintKey(IdSecretKey));
    }

    [Fact]
    public async Task A_session_is_the_default_of_its_own_runspace_only()
    {
        await using var emulator = await StartEmulatorAsync("runspace-a-key-00000000000", "runspace-b-key-00000000000");
        var file = _files.WriteRandomFile("isolated.png", 64);
        using var first = new ModuleHost();
        using var second = new ModuleHost();
        using var environment = new EnvironmentScope();

        first.Run("Connect-FalStorage -Endpoint $args[0] -Key 'runspace-a-key-00000000000'", emulator.BaseAddress.ToString()).AssertSucceeded();

        var unconnected = second.Run("Send-FalAsset -Path $args[0]", file);
        Assert.StartsWith("FalStorage.NoCredentials,", unconnected.TerminatingError?.FullyQualifiedErrorId);

        second.Run("Connect-FalStorage -Endpoint $args[0] -Key 'runspace-b-key-00000000000'", emulator.BaseAddress.ToString()).AssertSucceeded();
        first.Run("Send-FalAsset -Path $args[0] -FileName 'from-a.png'", file).AssertSucceeded();
        second.Run("Send-FalAsset -Path $args[0] -FileName 'from-b.png'", file).AssertSucceeded();

        var objects = emulator.Emulator.ListObjects();
        Assert.Equal(FalStorageEmulator.FingerprintKey("runspace-a-key-00000000000"), Assert.Single(objects, o => o.FileName == "from-a.png").KeyFingerprint);
        Assert.Equal(FalStorageEmulator.FingerprintKey("runspace-b-key-00000000000"), Assert.Single(objects, o => o.FileName == "from-b.png").KeyFingerprint);
    }

    [Fact]
    public async Task Get_FalSession_shows_the_default_and_Disconnect_FalStorage_clears_it()
    {
        await using var emulator = await StartEmulatorAsync(Canary);
        var file = _files.WriteRandomFile("after-disconnect.png", 64);
        using var host = new ModuleHost();
        using var environment = new EnvironmentScope();

        var before = host.Run("Get-FalSession");
        var connected = host.Run("$kept = Connect-FalStorage -Endpoint $args[0] -Key $args[1]; $kept; Get-FalSession", emulator.BaseAddress.ToString(), Canary);
        var disconnected = host.Run("Disconnect-FalStorage; Get-FalSession; Disconnect-FalStorage");
        var afterwards = host.Run("Send-FalAsset -Path $args[0]", file);
        var kept = host.Run("Send-FalAsset -Path $args[0] -Session $kept", file);

        before.AssertSucceeded();
        Assert.Empty(before.Output);
        connected.AssertSucceeded();
        var sessions = connected.OutputOf<FalSession>();
        Assert.Equal(2, sessions.Count);
        Assert.Same(sessions[0], sessions[1]);
        Assert.Equal("****8e93", sessions[1].MaskedKey);
        disconnected.AssertSucceeded();
        Assert.Empty(disconnected.Output);
        Assert.StartsWith("FalStorage.NoCredentials,", afterwards.TerminatingError?.FullyQualifiedErrorId);
        kept.AssertSucceeded();
        Assert.Single(kept.OutputOf<FalAsset>());
    }

    [Fact]
    public void Disconnect_FalStorage_PassThru_emits_the_session_it_forgot()
    {
        using var host = new ModuleHost();

        var result = host.Run("$session = Connect-FalStorage -Endpoint http://127.0.0.1:9 -Key 'passthru-key-0000000000'; (Disconnect-FalStorage -PassThru) -eq $session; Disconnect-FalStorage -PassThru");

        result.AssertSucceeded();
        Assert.Equal([true], result.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public async Task An_expired_ticket_is_refused_with_403()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.Keys.Add("expiry-key-000000000000000");
            options.UploadUrlLifetime = TimeSpan.FromMilliseconds(300);
        });
        var file = _files.WriteRandomFile("late.png", 64);
        using var host = new ModuleHost();

        var ticket = host.Run("Connect-FalStorage -Endpoint $args[0] -Key 'expiry-key-000000000000000' | Out-Null; Request-FalUpload -FileName late.png", emulator.BaseAddress.ToString());
        ticket.AssertSucceeded();
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var result = host.Run("Send-FalAsset -Path $args[0] -Ticket $args[1]", file, ticket.Output.Single());

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("FalStorage.UploadUrlRejected,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        Assert.Contains("403", error.Exception.Message);
        Assert.DoesNotContain("signature=", error.Exception.Message);
        Assert.Empty(emulator.Emulator.ListObjects());
    }

    /// <summary>An emulator of the test's own that accepts exactly these keys.</summary>
    private static Task<EmulatorFixture> StartEmulatorAsync(params string[] keys) =>
        EmulatorFixture.StartAsync(options =>
        {
            options.Keys.Clear();
            options.Keys.AddRange(keys);
        });
}
