using System.Diagnostics.CodeAnalysis;
using System.Management.Automation;
using System.Text.Json;
using FalStorage.Emulator;
using FalStorage.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace FalStorage.Tests.Module;

/// <summary>
/// A canary key goes through every cmdlet, parameter set and error path, with -Verbose and -Debug, and never
/// shows: not in any stream, emitted object, ToString(), $Error (exceptions down to the innermost), what the
/// screen shows of the objects and errors, nor the emulator's log. Nor does a signed upload URL show in full,
/// except as a ticket's own UploadUrl. Each row also checks that its path was really taken: the error it must
/// cause, the retry it must make.
/// </summary>
[Collection(EnvironmentCollection.Name)]
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "xunit disposes them in DisposeAsync (IAsyncLifetime).")]
public sealed partial class SecretsTests : IAsyncLifetime
{
    private const string KeyId = "canary-id-7c1e";
    private const string KeySecret = "c4nary5ecret0b96e2a4f84c1f9e3a";
    private const string Canary = KeyId + ":" + KeySecret;

    // Every row's script starts with its arguments by name, and -Verbose -Debug on every FalStorage cmdlet.
    private const string Prelude = """
        $endpoint, $key, $keyId, $keySecret, $file, $large = $args
        $PSDefaultParameterValues = @{ '*-Fal*:Verbose' = $true; '*-Fal*:Debug' = $true }

        """;

    private const string Connect = "Connect-FalStorage -Endpoint $endpoint -Key $key\n";

    // The emulator accepts the canary alone, so a key that embeds it is refused (401) and must not show either.
    private const string ConnectWithWrongKey = "Connect-FalStorage -Endpoint $endpoint -Key ($key + 'x')\n";

    private const string Multipart = "-MultipartThreshold 5MB -PartSize 5MB";

    /// <summary>The CDN token a foreign service issues, so its rows know the token to look for.</summary>
    private const string TokenCanary = "t0kencanary-5ecret-d41f7a09b3";

    /// <summary>Any 8 characters in a row of the secret: a key cut short or masked too little shows too.</summary>
    private static readonly string[] SecretParts = EightInARow(KeySecret);

    private readonly RecordingHost _screen = new();
    private readonly ModuleHost _host;
    private readonly TempFolder _files = new();
    private readonly CapturingLoggerProvider _emulatorLog = new();
    private readonly RequestTargetLog _requests = new();
    private readonly List<IDisposable> _servers = [];
    private EmulatorFixture _emulator = null!;

    public SecretsTests() => _host = new ModuleHost(_screen);

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    /// <summary>The rows, named "cmdlet [parameter set]: path"; those of <see cref="OnEitherFlow"/> once per upload flow.</summary>
    private static Dictionary<string, Case> Cases { get; } = new Dictionary<string, Case>(OnEitherFlow(UploadFlowRoutes.SignedUrl).Concat(OnEitherFlow(UploadFlowRoutes.CdnToken)))
    {
        // Every cmdlet and parameter set, after each way of giving the key.
        ["Connect-FalStorage [Key] as a string, then every cmdlet"] = EveryCmdletAfter("$session = " + Connect),
        ["Connect-FalStorage [Key] as a SecureString, then every cmdlet"] =
            EveryCmdletAfter("$session = Connect-FalStorage -Endpoint $endpoint -Key ([Net.NetworkCredential]::new('', $key).SecurePassword)"),
        ["Connect-FalStorage [Credential], then every cmdlet"] =
            EveryCmdletAfter("$session = Connect-FalStorage -Endpoint $endpoint -Credential ([pscredential]::new($keyId, [Net.NetworkCredential]::new('', $keySecret).SecurePassword))"),
        ["Connect-FalStorage [Key] from FAL_KEY, then every cmdlet"] =
            EveryCmdletAfter("$session = Connect-FalStorage -Endpoint $endpoint") with { Environment = [("FAL_KEY", "{key}")] },
        ["Connect-FalStorage [Key] from FAL_KEY_ID and FAL_KEY_SECRET, then every cmdlet"] =
            EveryCmdletAfter("$session = Connect-FalStorage") with { Environment = [("FAL_KEY_ID", "{keyId}"), ("FAL_KEY_SECRET", "{keySecret}"), ("FAL_REST_HOST", "{endpoint}")] },
        ["Connect-FalStorage [Key] -UploadFlow SignedUrl, then every cmdlet"] = EveryCmdletAfter("$session = " + Connect.TrimEnd() + " -UploadFlow SignedUrl"),
        ["Send-FalAsset [Path] connecting from FAL_KEY by itself, then every cmdlet"] =
            EveryCmdletAfter("Send-FalAsset -Path $file; $session = Get-FalSession", assets: 10) with { Environment = [("FAL_KEY", "{key}"), ("FAL_REST_HOST", "{endpoint}")] },

        ["Connect-FalStorage [Key]: an -Endpoint that is not http(s)"] = new("Connect-FalStorage -Endpoint 'ftp://files.example' -Key $key", "FalStorage.InvalidEndpoint"),
        ["Connect-FalStorage [Key]: a value that is not a key"] = new("Connect-FalStorage -Endpoint $endpoint -Key @($key, $keySecret)", "ParameterArgumentTransformationError"),
        ["Connect-FalStorage [Credential]: a secret without a key id"] =
            new("Connect-FalStorage -Endpoint $endpoint -Credential ([pscredential]::new(' ', [Net.NetworkCredential]::new('', $keySecret).SecurePassword))", "FalStorage.NoCredentials"),
        ["Connect-FalStorage [Key]: a line break in the key, which would start a header of its own"] =
            new("Connect-FalStorage -Endpoint $endpoint -Key ($key + \"`r`nX-Injected: 1\")", "FalStorage.NoCredentials"),
        ["Connect-FalStorage [Credential]: a non-ASCII secret, which a header cannot carry"] =
            new("Connect-FalStorage -Endpoint $endpoint -Credential ([pscredential]::new($keyId, [Net.NetworkCredential]::new('', $keySecret + 'é').SecurePassword))", "FalStorage.NoCredentials"),
        ["Send-FalAsset [Path]: a line break in FAL_KEY"] =
            new Case("Send-FalAsset -Path $file", "FalStorage.NoCredentials") { Environment = [("FAL_KEY", "{key}\nX-Injected: 1"), ("FAL_REST_HOST", "{endpoint}")] },
        ["Connect-FalStorage [Key]: FAL_KEY_SECRET without FAL_KEY_ID"] =
            new Case("Connect-FalStorage -Endpoint $endpoint", "FalStorage.NoCredentials") { Environment = [("FAL_KEY_SECRET", "{keySecret}")] },

        ["Request-FalUpload: 401 for a wrong key"] = new(ConnectWithWrongKey + "Request-FalUpload -FileName a.png", "FalStorage.Unauthorized"),
        ["Request-FalUpload: 422 for a content type"] = new(Connect + "Request-FalUpload -FileName a.png -ContentType broken", "FalStorage.InvalidRequest"),
        ["Request-FalUpload: 429 asking for a wait over a minute"] =
            new Case(Connect + "Request-FalUpload -FileName a.png", "FalStorage.RateLimited") { Emulator = o => RateLimitEvery(o, RouteKind.Initiate, TimeSpan.FromMinutes(2)) },
        ["Request-FalUpload: 503, retried"] =
            new Case(Connect + "Request-FalUpload -FileName a.png") { Emulator = o => FailFirst(o, RouteKind.Initiate, FaultAction.ServerError), Retry = "Retry 1 of 5" },
        ["Request-FalUpload: a dropped connection, retried"] =
            new Case(Connect + "Request-FalUpload -FileName a.png") { Emulator = o => FailFirst(o, RouteKind.Initiate, FaultAction.Drop), Retry = "Retry 1 of 5" },
        ["Request-FalUpload: an endpoint answering HTML"] =
            new Case(Connect + "Request-FalUpload -FileName a.png", "FalStorage.UnexpectedResponse") { Endpoint = t => t.Serve(new ForeignEndpoint()) },
        ["Request-FalUpload: 401 quoting the key"] =
            new Case(Connect + "Request-FalUpload -FileName a.png", "FalStorage.Unauthorized") { Endpoint = t => t.Serve(Quoting(401, key => $"Invalid key '{key}'.")) },
        ["Request-FalUpload: 403 quoting the key's secret"] =
            new Case(Connect + "Request-FalUpload -FileName a.png", "FalStorage.Unauthorized") { Endpoint = t => t.Serve(Quoting(403, key => $"Wrong secret '{SecretOf(key)}' for key id {IdOf(key)}.")) },
        ["Request-FalUpload: 422 quoting the key in a validation list"] =
            new Case(Connect + "Request-FalUpload -FileName a.png", "FalStorage.InvalidRequest")
            {
                Endpoint = t => t.Serve(Quoting(422, key => new[] { new { loc = new[] { "header", "authorization" }, msg = $"'{key}' is not a key (secret {SecretOf(key)})", type = "value_error" } })),
            },

        ["Get-FalAssetAcl: the Platform API's 403 quoting the key"] =
            new Case(Connect + "Get-FalAssetAcl -Url https://v3.fal.media/files/a.png", "FalStorage.PermissionMissing") { Endpoint = t => t.Serve(QuotingPlatform(403, key => $"Key '{key}' lacks assets:read.")) },
        ["Set-FalStorageSetting: the Platform API's 400 quoting the key's secret"] =
            new Case(Connect + "Set-FalStorageSetting -Access Private", "FalStorage.InvalidRequest") { Endpoint = t => t.Serve(QuotingPlatform(400, key => $"Secret {SecretOf(key)} is malformed.")) },
        ["Send-FalAsset [Path]: 401 for a wrong key"] = new(ConnectWithWrongKey + "Send-FalAsset -Path $file", "FalStorage.Unauthorized"),
        ["Send-FalAsset [Path]: 422 for a content type"] = new(Connect + "Send-FalAsset -Path $file -ContentType broken", "FalStorage.InvalidRequest"),
        ["Send-FalAsset [LiteralPath]: 422 for a name over 255 bytes"] = new(Connect + "Send-FalAsset -LiteralPath $file -FileName ('é' * 200 + '.png')", "FalStorage.InvalidRequest"),
        ["Send-FalAsset [PathTicket]: a dropped PUT, retried"] =
            new Case(Connect + "Send-FalAsset -Path $file -Ticket (Request-FalUpload -FileName t.png) -MaxRetries 1", "FalStorage.EndpointUnreachable")
            {
                Emulator = o => o.Faults[RouteKind.Put].DropRate = 1,
                Retry = "Retry 1 of 1",
            },
        ["Send-FalAsset [Path]: a dropped CDN answer to -Verify"] =
            new Case(Connect + "Send-FalAsset -Path $file -Verify -MaxRetries 0", "FalStorage.EndpointUnreachable") { Emulator = o => o.Faults[RouteKind.Cdn].DropRate = 1 },
        ["Send-FalAsset [LiteralPathTicket]: the PUT times out"] =
            new Case(Connect + "[IO.FileInfo]::new($file) | Send-FalAsset -Ticket (Request-FalUpload -FileName t.png) -TimeoutSec 1 -MaxRetries 0", "FalStorage.Timeout")
            {
                Emulator = o => o.Faults[RouteKind.Put].Latency = TimeSpan.FromSeconds(30),
            },
        ["Send-FalAsset [Path]: a refused connection where nothing ever answered, not retried"] =
            new Case(Connect + "Send-FalAsset -Path $file -MaxRetries 1", "FalStorage.EndpointUnreachable") { Endpoint = _ => ClosedPort.Address() },
        ["Send-FalAsset [Path]: an endpoint answering HTML"] =
            new Case(Connect + "Send-FalAsset -Path $file", "FalStorage.UnexpectedResponse") { Endpoint = t => t.Serve(new ForeignEndpoint()) },
        ["Send-FalAsset [LiteralPathTicket]: 403 for an expired ticket"] =
            new Case(Connect + "$ticket = Request-FalUpload -FileName late.png; [Threading.Thread]::Sleep(2100); [IO.FileInfo]::new($file) | Send-FalAsset -Ticket $ticket", "FalStorage.UploadUrlRejected")
            {
                Emulator = o => o.UploadUrlLifetime = TimeSpan.FromSeconds(1), // expiry is in whole seconds
            },
        ["Send-FalAsset [Path]: a file deleted before its upload began"] =
            new(Connect + "& { $file; [IO.File]::Delete($file) } | Send-FalAsset -FileName gone.png", "FalStorage.PathNotFound"),
        ["Send-FalAsset [PathTicket]: a ticket used twice"] =
            new(Connect + "$ticket = Request-FalUpload -FileName twice.png; Send-FalAsset -Path $file -Ticket $ticket; Send-FalAsset -Path $file -Ticket $ticket", "FalStorage.TicketAlreadyUsed"),
        ["Send-FalAsset [Path]: a directory"] = new(Connect + "Send-FalAsset -Path ([IO.Path]::GetDirectoryName($file))", "FalStorage.PathIsDirectory"),
        ["Send-FalAsset [LiteralPath]: a path on the Env: provider"] = new(Connect + "Send-FalAsset -LiteralPath Env:PATH", "FalStorage.NotFileSystemPath"),
        ["Send-FalAsset [Path]: -Verify against a CDN serving other bytes"] =
            new Case(Connect + "Send-FalAsset -Path $file -Verify", "FalStorage.VerificationFailed") { Endpoint = t => t.Serve(ServingOtherBytes()) },
        ["Send-FalAsset [Path]: -FileName with several files"] = new(Connect + "Send-FalAsset -Path $file, $file -FileName one.png", "FalStorage.SingleFileOnly"),
        ["Send-FalAsset [Path]: 500 quoting the key's secret, retried"] =
            new Case(Connect + "Send-FalAsset -Path $file -MaxRetries 1", "FalStorage.ServiceError")
            {
                Endpoint = t => t.Serve(Quoting(500, key => $"Internal error while checking secret {SecretOf(key)}")),
                Retry = "Retry 1 of 1",
            },
        ["Send-FalAsset [LiteralPath]: 422 quoting the key"] =
            new Case(Connect + "Send-FalAsset -LiteralPath $file", "FalStorage.InvalidRequest") { Endpoint = t => t.Serve(Quoting(422, key => $"Key '{key}' may not upload this.")) },
        ["Send-FalAsset [Path]: a service without the token route, then signed URLs"] =
            new Case(Connect + "Send-FalAsset -Path $file; Send-FalAsset -Path $large " + Multipart) { Emulator = o => o.TokenUpload = false, Retry = "offers no CDN token upload (404)", Assets = 2 },
        ["Send-FalAsset [Path]: -UploadFlow CdnToken at a service without the token route"] =
            new Case(Connect + "Send-FalAsset -Path $file -UploadFlow CdnToken", "FalStorage.ServiceError") { Emulator = o => o.TokenUpload = false },
        ["Send-FalAsset [Path]: a CDN quoting the token it refused with 422"] =
            new Case(Connect + "Send-FalAsset -Path $file", "FalStorage.InvalidRequest") { Endpoint = t => t.Serve(IssuingTheCanaryToken(422)) },
        ["Send-FalAsset [Path]: a CDN quoting the token it refused with 401, twice"] =
            new Case(Connect + "Send-FalAsset -Path $file", "FalStorage.Unauthorized") { Endpoint = t => t.Serve(IssuingTheCanaryToken(401)), Retry = "the CDN token was refused (401)" },

        // Save-FalAsset: the CDN token goes to the session's CDN host alone, the key with no download.
        ["Save-FalAsset [InputObject]: a 403 from the session's CDN, read again with its token"] =
            new Case(Connect + "Send-FalAsset -Path $file -UploadFlow SignedUrl | Save-FalAsset -Destination ([IO.Path]::GetDirectoryName($file)) -FileName saved.png")
            {
                Emulator = o => FailFirst(o, RouteKind.Cdn, FaultAction.AccountLocked),
                Retry = "asking again with the session's CDN token",
            },
        ["Save-FalAsset [Url]: the session's CDN refusing its token too"] =
            new Case(Connect + "Save-FalAsset -Url ($endpoint + 'files/x/private.png') -Destination ([IO.Path]::GetDirectoryName($file))", "FalStorage.UrlForbidden")
            {
                Endpoint = t => t.Serve(IssuingTheCanaryToken(403)),
                Retry = "asking again with the session's CDN token",
            },
        ["Save-FalAsset [Url]: a host that is not the session's CDN refusing"] =
            new Case(Connect + "Save-FalAsset -Url (($endpoint -replace '127.0.0.1', 'localhost') + 'files/x/private.png') -Destination ([IO.Path]::GetDirectoryName($file))", "FalStorage.CredentialsNotSent")
            {
                Endpoint = t => t.Serve(IssuingTheCanaryToken(403)),
            },
    };

    public async Task InitializeAsync() => await Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _host.Dispose();
        _servers.ForEach(server => server.Dispose());
        if (_emulator != null)
        {
            await _emulator.DisposeAsync();
        }

        _files.Dispose();
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task The_key_never_shows_and_signed_URLs_never_show_in_full(string name)
    {
        var row = Cases[name];
        _emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.Keys.Clear();
            options.Keys.Add(Canary);
            options.LogLevel = LogLevel.Trace;
            options.ConfigureLogging = logging =>
            {
                logging.AddProvider(_emulatorLog);
                _requests.AddTo(logging);
            };
            options.ShutdownTimeout = TimeSpan.FromSeconds(2);
            row.Emulator?.Invoke(options);
        });
        var endpoint = (row.Endpoint?.Invoke(this) ?? _emulator.BaseAddress).ToString();
        var file = _files.WriteRandomFile("canary.png", 2000);
        var large = row.Script.Contains("$large", StringComparison.Ordinal) ? _files.WriteRandomFile("canary.bin", (5 * 1024 * 1024) + 1) : null;

        PipelineResult result;
        using (new EnvironmentScope([.. row.Environment.Select(v => (v.Name, Fill(v.Value, endpoint))), ("FAL_UPLOAD_INDEX", IndexPath)]))
        {
            var during = row.During?.Invoke(this, file) ?? Task.CompletedTask;
            result = _host.Run(Prelude + row.Script, endpoint, Canary, KeyId, KeySecret, file, large);
            await during;
        }

        AssertThePathWasTaken(row, result);
        var indexFiles = IndexFiles().ToList();
        var shown = result.AllText()
            .Concat(_host.Run("$Error").AllText().Select(t => (Source: "$Error " + t.Source, t.Text)))
            .Concat(Screen(result))
            .Concat(ListViewsOf(result.Output))
            .Concat(indexFiles)
            .ToList();

        var tokenParts = await EmulatorTokenPartsAsync();

        // Its request log is complete once it has stopped.
        await _emulator.DisposeAsync();
        shown.AddRange(_emulatorLog.Lines.Select(line => ("emulator log", line)));

        // The checks saw something: the errors on screen, and the emulator's log of the requests.
        Assert.All(row.ErrorIds, id => Assert.Contains(shown, s => s.Source.StartsWith("screen error " + id, StringComparison.Ordinal) && s.Text.Contains(id, StringComparison.Ordinal)));
        Assert.True(row.ErrorIds.Length > 0 || _emulatorLog.Lines.Any(line => line.Contains("route=initiate", StringComparison.Ordinal) || line.Contains("route=token", StringComparison.Ordinal)), "the emulator's log was not captured");
        AssertTheIndexHoldsTheAssetsAndNoUploadUrl(row, result, indexFiles);
        AssertNoSecretShows(shown, SignaturesIn(result).Concat(SignaturesSent()), tokenParts);
    }

    /// <summary>
    /// Everything a session is used for: the session serialized, both Request-FalUpload forms, Send-FalAsset in all
    /// four parameter sets (one of them multipart, two verified), -SkipUnchanged uploading and reusing,
    /// Clear-FalUploadIndex, -WhatIf, Get-FalSession and Disconnect-FalStorage with and without a session; after
    /// <paramref name="connect"/>, which puts a session in $session.
    /// </summary>
    private static Case EveryCmdletAfter(string connect, int assets = 9) => new(
        connect.TrimEnd() + "\n" + $"""
            $session; $session.ToString(); Get-FalSession
            [Management.Automation.PSSerializer]::Serialize($session, 5) # as Automation stores job output, or Export-Clixml
            $ticket = Request-FalUpload -FileName ticket-path.png; $ticket; $ticket.ToString()
            Send-FalAsset -Path $file -Ticket $ticket
            $ticket = Request-FalUpload ticket-literal.png image/png -ExpiresIn 1h -Session $session; $ticket
            [IO.FileInfo]::new($file) | Send-FalAsset -Ticket $ticket
            Send-FalAsset -Path $file -Verify -ExpiresIn 1d
            Send-FalAsset -LiteralPath $file -FileName renamed.png -Session $session
            [IO.FileInfo]::new($file) | Send-FalAsset
            Send-FalAsset -Path $large {Multipart} -Verify
            Send-FalAsset -Path $file -SkipUnchanged; Clear-FalUploadIndex -WhatIf; Clear-FalUploadIndex
            Send-FalAsset -Path $file -SkipUnchanged -Session $session; Send-FalAsset -Path $file -SkipUnchanged
            Send-FalAsset -Path $file -WhatIf; Request-FalUpload -FileName whatif.png -WhatIf
            Send-FalAsset -Path $file -Verify | Save-FalAsset -Destination ([IO.Path]::GetDirectoryName($file)) -FileName back.png -Session $session -Verify -Force
            $private = Send-FalAsset -Path $file -FileName private.png -Access Private -AllowUser ghost -Verify -SkipUnchanged -WarningAction Continue; $private | Format-List | Out-String
            $private | Get-FalAssetAcl; $private | Set-FalAssetAcl -Access Hidden -AllowUser ghost -WarningAction Continue; Set-FalAssetAcl -Url $private.FileUrl -Acl (Get-FalAssetAcl -Url $private.FileUrl) -WhatIf
            $private | New-FalSignedUrl -ExpiresIn 1h -WhatIf; $private | New-FalSignedUrl | Out-Null
            Get-FalStorageSetting; Set-FalStorageSetting -ExpiresIn 1d -WhatIf; Set-FalStorageSetting -Access Private -Session $session; Set-FalStorageSetting -ExpiresIn never -Access Public
            $private | Save-FalAsset -Destination ([IO.Path]::GetDirectoryName($file)) -FileName private-back.png -Force
            Disconnect-FalStorage -PassThru; Get-FalSession; Disconnect-FalStorage
            """)
    {
        Assets = assets,
    };

    private static FaultRule FailFirst(EmulatorOptions options, RouteKind kind, FaultAction action)
    {
        var rule = options.Faults[kind];
        rule.FailNth.Add(1);
        rule.FailNthWith = action;
        return rule;
    }

    private static void RateLimitEvery(EmulatorOptions options, RouteKind kind, TimeSpan retryAfter)
    {
        options.Faults[kind].RateLimitRate = 1;
        options.Faults[kind].RetryAfter = retryAfter;
    }

    private static string Fill(string value, string endpoint) =>
        value.Replace("{key}", Canary).Replace("{keyId}", KeyId).Replace("{keySecret}", KeySecret).Replace("{endpoint}", endpoint);

    private static void AssertThePathWasTaken(Case row, PipelineResult result)
    {
        if (row.ErrorIds.Length == 0)
        {
            result.AssertSucceeded();
            Assert.Equal(row.Assets, result.OutputOf<FalAsset>().Count);
        }
        else
        {
            var reported = result.Errors.Concat(result.TerminatingError == null ? [] : [result.TerminatingError]).Select(e => e.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(row.ErrorIds.Order(), reported.Distinct().Order());
        }

        if (row.Retry != null)
        {
            Assert.Contains(result.Verbose, line => line.Contains(row.Retry, StringComparison.Ordinal));
        }
    }

    private static void AssertNoSecretShows(IEnumerable<(string Source, string Text)> shown, IEnumerable<string> signatures, string[] tokenParts)
    {
        var signedUrlMarks = signatures.Prepend("signature=").ToList();
        foreach (var (source, text) in shown)
        {
            var part = SecretParts.FirstOrDefault(p => text.Contains(p, StringComparison.Ordinal));
            Assert.True(part == null, $"{source} shows '{part}' of the key: {text}");
            var tokenPart = tokenParts.FirstOrDefault(p => text.Contains(p, StringComparison.Ordinal));
            Assert.True(tokenPart == null, $"{source} shows '{tokenPart}' of a CDN token: {text}");

            // A ticket's UploadUrl is the signed URL itself, meant to be handed to another client.
            if (source is not ("output FalUploadTicket.UploadUrl" or "list view FalUploadTicket"))
            {
                var mark = signedUrlMarks.FirstOrDefault(m => text.Contains(m, StringComparison.Ordinal));
                Assert.True(mark == null, $"{source} shows a signed upload URL in full ('{mark}'): {text}");
            }
        }
    }

    /// <summary>The signatures of the tickets the row was given, which only their UploadUrl may show.</summary>
    private static IEnumerable<string> SignaturesIn(PipelineResult result) =>
        result.OutputOf<FalUploadTicket>().Select(t => QueryHelpers.ParseQuery(new Uri(t.UploadUrl).Query)["signature"].ToString());

    /// <summary>
    /// What the screen showed: -WhatIf during the run, then each emitted object in its default view and each error
    /// in each error view, one at a time (given several types at once, Out-Default lays them out in one shape).
    /// </summary>
    private List<(string Source, string Text)> Screen(PipelineResult result)
    {
        var shown = new List<(string Source, string Text)> { ("screen during the run", _screen.ScreenText) };
        object[] items = [.. result.Output, .. result.Errors, .. result.TerminatingError == null ? Array.Empty<ErrorRecord>() : [result.TerminatingError]];
        foreach (var item in items)
        {
            var before = _screen.ScreenText.Length;
            _host.Run("foreach ($view in 'NormalView', 'CategoryView', 'ConciseView') { $ErrorView = $view; $args[0] | Out-Default }", item).AssertSucceeded();
            var what = item is ErrorRecord error ? "error " + error.FullyQualifiedErrorId : ((PSObject)item).BaseObject.GetType().Name;
            shown.Add(("screen " + what, _screen.ScreenText[before..]));
        }

        return shown;
    }

    private static IEnumerable<(string Source, string Text)> ListViewsOf(IEnumerable<PSObject> output)
    {
        var objects = output.Select(o => o.BaseObject).Where(o => o is FalAsset or FalUploadTicket or FalSession).ToArray();
        return objects.Zip(ListViews.RenderEach(objects), (item, text) => ("list view " + item.GetType().Name, text));
    }

    private Uri Serve(ForeignEndpoint server)
    {
        _servers.Add(server);
        return server.Address;
    }

    /// <summary>One row: the script after the prelude, and the error ids it must report (none: it must succeed).</summary>
    private sealed record Case(string Script, params string[] ErrorIds)
    {
        /// <summary>Adjusts the emulator of the row (faults, URL lifetime); it accepts the canary key only.</summary>
        public Action<EmulatorOptions>? Emulator { get; init; }

        /// <summary>What $endpoint is, when not the emulator.</summary>
        public Func<SecretsTests, Uri>? Endpoint { get; init; }

        /// <summary>FAL_* variables set for the row (all others cleared); {key}, {keyId}, {keySecret} and {endpoint} are filled in.</summary>
        public (string Name, string Value)[] Environment { get; init; } = [];

        /// <summary>A verbose line the row must show: the retry or renewal its path makes.</summary>
        public string? Retry { get; init; }

        /// <summary>How many FalAssets a row that succeeds emits.</summary>
        public int Assets { get; init; }

        /// <summary>Runs beside the script, given the file to upload.</summary>
        public Func<SecretsTests, string, Task>? During { get; init; }
    }
}
