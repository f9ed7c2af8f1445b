using System.Diagnostics.CodeAnalysis;
using System.Management.Automation;
using FalStorage.Emulator;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>
/// Bad input on the client, one row per case. An item case puts one bad item between two good files in one
/// pipeline: the bad item gets its error (id, category, target) and is not uploaded, the good ones are. A
/// command case is refused as a whole. A success case is an odd but valid input that must simply work.
/// </summary>
[Collection(EnvironmentCollection.Name)]
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "xunit disposes them in DisposeAsync (IAsyncLifetime).")]
public sealed class BadInputMatrixTests : IAsyncLifetime
{
    private readonly ModuleHost _host = new();
    private readonly TempFolder _files = new();

    // No FAL_* variable may stand in for the session a case takes away; the collection runs these tests alone.
    private readonly EnvironmentScope _environment = new();
    private EmulatorFixture _emulator = null!;

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    /// <summary>The matrix: each case prepares its input and says what must happen.</summary>
    private static Dictionary<string, Func<BadInputMatrixTests, Task<Case>>> Cases { get; } = new()
    {
        ["missing file"] = t => Item(t.Missing("absent.png"), "FalStorage.PathNotFound", ErrorCategory.ObjectNotFound),
        ["directory"] = t => Item(t.Folder("folder.png"), "FalStorage.PathIsDirectory", ErrorCategory.InvalidArgument),
        ["directory object from the pipeline"] = t => Item(new DirectoryInfo(t.Folder("album")), "FalStorage.PathIsDirectory", ErrorCategory.InvalidArgument, target: t.Folder("album")),
        ["wildcard matching nothing"] = t => Item(Path.Combine(t._files.Path, "nothing-*.png"), "FalStorage.PathNotFound", ErrorCategory.ObjectNotFound),
        ["a path on the Env: provider"] = t => Item("Env:PATH", "FalStorage.NotFileSystemPath", ErrorCategory.InvalidArgument),
        ["file locked by another writer"] = t => t.LockedFile(),
        ["file that grows during upload"] = t => t.ChangingFile(grow: true),
        ["file that shrinks during upload"] = t => t.ChangingFile(grow: false),
        ["zero-byte file"] = t => Success(t.File("empty.txt", 0), "empty.txt", "text/plain"),
        ["name with spaces"] = t => Success(t.File("my holiday photo.jpg"), "my holiday photo.jpg", "image/jpeg"),
        ["name in Unicode"] = t => Success(t.File("café 東京 ñ.png"), "café 東京 ñ.png", "image/png"),
        ["name with #"] = t => Success(t.File("take#2.wav"), "take#2.wav", "audio/wav"),
        ["name with %"] = t => Success(t.File("100%.webp"), "100%.webp", "image/webp"),
        ["name with ?"] = t => Success(new FileInfo(t.File("why?.gif")), "why?.gif", "image/gif"),
        ["name with [brackets], taken literally"] = t => Success(new FileInfo(t.File("frame[01].png")), "frame[01].png", "image/png"),
        ["very long name"] = t => Success(t.File(new string('n', 240) + ".png"), new string('n', 240) + ".png", "image/png"),
        ["no extension"] = t => Success(t.File("README"), "README", "application/octet-stream"),
        ["unknown extension"] = t => Success(t.File("weights.xyz123"), "weights.xyz123", "application/octet-stream"),
        ["name over 255 bytes from -FileName"] = t => Task.FromResult(Case.OneFile(t.File("long.png"), "-FileName ('é' * 200 + '.png')", "FalStorage.InvalidRequest", ErrorCategory.InvalidArgument)),
        ["invalid -ContentType"] = t => Task.FromResult(Case.OneFile(t.File("typed.png"), "-ContentType 'png'", "FalStorage.InvalidRequest", ErrorCategory.InvalidArgument)),
        ["-FileName with several files"] = t => t.SeveralFilesForOne("-FileName one.png"),
        ["-Ticket with several files"] = t => t.SeveralFilesForOne("-Ticket (Request-FalUpload -FileName t.png)"),
        ["-Ticket that expired"] = t => t.ExpiredTicket(),
        ["-Ticket used twice"] = t => t.TicketUsedTwice(),
        ["no session and no key in the environment"] = t => Task.FromResult(Case.Command("Disconnect-FalStorage; Send-FalAsset -Path $args[0]", t.File("nokey.png"), "FalStorage.NoCredentials", ErrorCategory.AuthenticationError)),
        ["wrong key"] = t => Task.FromResult(Case.Command("Connect-FalStorage -Endpoint $args[1] -Key 'wrong-key' | Out-Null; Send-FalAsset -Path $args[0]", t.File("wrongkey.png"), "FalStorage.Unauthorized", ErrorCategory.AuthenticationError, t._emulator.BaseAddress.ToString())),
        ["endpoint that refuses connections"] = t => t.OtherEndpoint(ClosedPort.Address(), "FalStorage.EndpointUnreachable", ErrorCategory.ConnectionError, endsTheCommand: true),
        ["endpoint that answers HTML"] = t => t.ForeignEndpoint(),
        ["endpoint that hangs"] = t => t.HangingEndpoint(),
        ["-ThrottleLimit 0"] = t => Task.FromResult(Case.Binding("-ThrottleLimit 0", "ParameterArgumentValidationError", ErrorCategory.InvalidData)),
        ["-ThrottleLimit 1000"] = t => Task.FromResult(Case.Binding("-ThrottleLimit 1000", "ParameterArgumentValidationError", ErrorCategory.InvalidData)),
        ["-PartSize below the minimum"] = t => Task.FromResult(Case.Binding("-PartSize 4MB", "ParameterArgumentValidationError", ErrorCategory.InvalidData)),
        ["-ExpiresIn garbage"] = t => Task.FromResult(Case.Binding("-ExpiresIn 'next tuesday'", "CannotConvertArgumentNoMessage", ErrorCategory.InvalidArgument)),
        ["-ExpiresIn with a unit not in the list (1M)"] = t => Task.FromResult(Case.Binding("-ExpiresIn 1M", "CannotConvertArgumentNoMessage", ErrorCategory.InvalidArgument)),
        ["-ExpiresIn beyond the limit"] = t => Task.FromResult(Case.Binding("-ExpiresIn 11y", "CannotConvertArgumentNoMessage", ErrorCategory.InvalidArgument)),
        ["-MaxRetries below zero"] = t => Task.FromResult(Case.Binding("-MaxRetries -1", "ParameterArgumentValidationError", ErrorCategory.InvalidData)),
    };

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorFixture.StartAsync();
        _host.Run("Connect-FalStorage -Endpoint $args[0] -Key $args[1]", _emulator.BaseAddress.ToString(), _emulator.Key).AssertSucceeded();
    }

    public async Task DisposeAsync()
    {
        _environment.Dispose();
        _host.Dispose();
        await _emulator.DisposeAsync();
        _files.Dispose();
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Bad_input_is_refused_alone_and_loses_nothing(string name)
    {
        var @case = await Cases[name](this);
        var good = new[] { File("good-before.png"), File("good-after.png") };

        var result = _host.Run(@case.Script, [.. @case.Arguments(good)]);

        @case.Check(result, good, _emulator.Emulator.ListObjects(), name);
    }

    private static Task<Case> Item(object item, string errorId, ErrorCategory category, object? target = null) =>
        Task.FromResult(Case.Item(item, errorId, category, target ?? item));

    private static Task<Case> Success(object item, string fileName, string contentType) =>
        Task.FromResult(Case.Success(item, fileName, contentType));

    private string File(string name, int length = 1000) => _files.WriteRandomFile(name, length);

    private string Missing(string name) => Path.Combine(_files.Path, name);

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(_files.Path, name)).FullName;

    private Task<Case> LockedFile()
    {
        var path = File("locked.png");
        var writer = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        return Task.FromResult(Case.Item(path, "FalStorage.FileReadFailed", ErrorCategory.ReadError, path, whenDone: writer.Dispose));
    }

    /// <summary>The first PUT of the file fails (503); while the upload waits to retry, the file changes.</summary>
    private Task<Case> ChangingFile(bool grow)
    {
        var path = File(grow ? "growing.mov" : "shrinking.mov", 200_000);
        // The second upload request of the file fails, whichever flow carries it; the file changes before the retry.
        var faults = _emulator.Emulator.Faults;
        RouteKind[] uploads = [RouteKind.Put, RouteKind.TokenUpload];
        var before = uploads.ToDictionary(kind => kind, faults.RequestCount);
        foreach (var kind in uploads)
        {
            faults[kind].FailNth.Add((int)before[kind] + 2);
            faults[kind].FailNthWith = FaultAction.ServerError;
        }

        var changed = Task.Run(async () =>
        {
            while (uploads.All(kind => faults.RequestCount(kind) < before[kind] + 2))
            {
                await Task.Delay(5);
            }

            using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            file.SetLength(grow ? 250_000 : 100_000);
        });
        return Task.FromResult(Case.Item(path, "FalStorage.FileReadFailed", ErrorCategory.ReadError, path, parameters: "-ThrottleLimit 1", whenDone: () => changed.Wait(TimeSpan.FromSeconds(10))));
    }

    private async Task<Case> SeveralFilesForOne(string parameters)
    {
        await Task.CompletedTask;
        var files = new[] { File("first.png"), File("second.png"), File("third.png") };
        return Case.OneErrorForAll(files, parameters, "FalStorage.SingleFileOnly", ErrorCategory.InvalidArgument);
    }

    /// <summary>
    /// The ticket is issued by the case's own emulator, restarted with upload URLs that live a second (expiry
    /// is in whole seconds); the good files that follow still get through, asking for new URLs if they must.
    /// </summary>
    private async Task<Case> ExpiredTicket()
    {
        await _emulator.DisposeAsync();
        _emulator = await EmulatorFixture.StartAsync(options => options.UploadUrlLifetime = TimeSpan.FromSeconds(1));
        var ticket = _host.Run(
            "Connect-FalStorage -Endpoint $args[0] -Key $args[1] | Out-Null; Request-FalUpload -FileName late.png", _emulator.BaseAddress.ToString(), _emulator.Key);
        await Task.Delay(2100);
        return Case.OneFile(File("late.png"), "-Ticket $args[1]", "FalStorage.UploadUrlRejected", ErrorCategory.PermissionDenied, ticket.Output.Single());
    }

    private Task<Case> TicketUsedTwice()
    {
        var path = File("twice.png");
        var ticket = _host.Run("$t = Request-FalUpload -FileName twice.png; Send-FalAsset -Path $args[0] -Ticket $t | Out-Null; $t", path).Output.Single();
        return Task.FromResult(Case.OneFile(path, "-Ticket $args[1]", "FalStorage.TicketAlreadyUsed", ErrorCategory.InvalidOperation, ticket, alreadyStored: 1));
    }

    private Task<Case> OtherEndpoint(Uri endpoint, string errorId, ErrorCategory category, string parameters = "-MaxRetries 0", IDisposable? server = null, bool endsTheCommand = false) =>
        Task.FromResult(Case.AllItems(
            [File("elsewhere-1.png"), File("elsewhere-2.png")],
            parameters + " -Session (Connect-FalStorage -Endpoint $args[1] -Key 'some-key')",
            errorId,
            category,
            endpoint.ToString(),
            whenDone: server == null ? null : server.Dispose,
            endsTheCommand: endsTheCommand));

    private Task<Case> ForeignEndpoint()
    {
        var foreign = new ForeignEndpoint();
        return OtherEndpoint(foreign.Address, "FalStorage.UnexpectedResponse", ErrorCategory.InvalidResult, server: foreign, endsTheCommand: true);
    }

    private async Task<Case> HangingEndpoint()
    {
        var hanging = await EmulatorFixture.StartAsync(options =>
        {
            // Every first request of a file: initiate, and the CDN token's.
            options.Faults[RouteKind.Initiate].Latency = TimeSpan.FromMinutes(10);
            options.Faults[RouteKind.Token].Latency = TimeSpan.FromMinutes(10);
        });
        return await OtherEndpoint(hanging.BaseAddress, "FalStorage.Timeout", ErrorCategory.OperationTimeout, "-MaxRetries 0 -TimeoutSec 1", new AsyncDisposer(hanging));
    }

    private sealed class AsyncDisposer(IAsyncDisposable inner) : IDisposable
    {
        public void Dispose() => inner.DisposeAsync().AsTask().Wait();
    }

    /// <summary>One row: the script to run, its arguments, and the check of what happened.</summary>
    private sealed class Case
    {
        private Case(string script, Func<string[], object?[]> arguments, Action<PipelineResult, string[], IReadOnlyList<StoredObject>, string> check)
        {
            Script = script;
            Arguments = arguments;
            Check = check;
        }

        public string Script { get; }

        public Func<string[], object?[]> Arguments { get; }

        public Action<PipelineResult, string[], IReadOnlyList<StoredObject>, string> Check { get; }

        /// <summary>good, bad, good through one pipeline: only the bad item fails.</summary>
        public static Case Item(object item, string errorId, ErrorCategory category, object target, string parameters = "", Action? whenDone = null) =>
            new(
                $"$args[0] | Send-FalAsset {parameters}",
                good => [new object[] { good[0], item, good[1] }],
                (result, good, stored, name) =>
                {
                    whenDone?.Invoke();
                    Assert.Null(result.TerminatingError);
                    Assert.Equal(good, result.OutputOf<FalAsset>().Select(a => a.SourcePath));
                    AssertError(Assert.Single(result.Errors), errorId, category, target);
                    Assert.Equal(good.Select(Path.GetFileName).Order(), stored.Select(o => o.FileName).Order());
                });

        /// <summary>An odd but valid item between the good ones: all three are uploaded, the odd one as it is named.</summary>
        public static Case Success(object item, string fileName, string contentType) =>
            new(
                "$args[0] | Send-FalAsset",
                good => [new object[] { good[0], item, good[1] }],
                (result, good, stored, name) =>
                {
                    result.AssertSucceeded();
                    var assets = result.OutputOf<FalAsset>();
                    Assert.Equal(3, assets.Count);
                    Assert.Equal((fileName, contentType), (assets[1].FileName, assets[1].ContentType));
                    Assert.EndsWith("/" + Uri.EscapeDataString(fileName), assets[1].FileUrl);
                    Assert.Contains(stored, o => o.FileName == fileName && o.Length == assets[1].Length);
                });

        /// <summary>One file with bad parameters, then the good files on their own: the first fails, the others are uploaded.</summary>
        public static Case OneFile(string path, string parameters, string errorId, ErrorCategory category, object? argument = null, int alreadyStored = 0) =>
            new(
                $"Send-FalAsset -Path $args[0] {parameters}; $args[2] | Send-FalAsset",
                good => [path, argument, good],
                (result, good, stored, name) =>
                {
                    Assert.Null(result.TerminatingError);
                    Assert.Equal(good, result.OutputOf<FalAsset>().Select(a => a.SourcePath));
                    AssertError(Assert.Single(result.Errors), errorId, category, path);
                    Assert.Equal(good.Length + alreadyStored, stored.Count);
                });

        /// <summary>
        /// Parameters that make every item fail; nothing is uploaded. A failure every item would meet alike (the
        /// endpoint is not there, or not the fal Storage API) ends the command with one error, for the first item.
        /// </summary>
        public static Case AllItems(string[] items, string parameters, string errorId, ErrorCategory category, string? argument = null, Action? whenDone = null, bool endsTheCommand = false) =>
            new(
                $"$args[0] | Send-FalAsset {parameters}",
                good => [items, argument],
                (result, good, stored, name) =>
                {
                    whenDone?.Invoke();
                    Assert.Empty(result.Output);
                    if (endsTheCommand)
                    {
                        AssertError(Assert.IsType<ErrorRecord>(result.TerminatingError), errorId, category, items[0]);
                        Assert.Empty(result.Errors);
                    }
                    else
                    {
                        Assert.Null(result.TerminatingError);
                        Assert.Equal(items.Length, result.Errors.Count);
                        for (var i = 0; i < items.Length; i++)
                        {
                            AssertError(result.Errors[i], errorId, category, items[i]);
                        }
                    }

                    Assert.Empty(stored);
                });

        /// <summary>Items that cannot go together: one error names them all, once (issue 17, item 13); nothing is uploaded.</summary>
        public static Case OneErrorForAll(string[] items, string parameters, string errorId, ErrorCategory category) =>
            new(
                $"$args[0] | Send-FalAsset {parameters}",
                good => [items],
                (result, good, stored, name) =>
                {
                    Assert.Null(result.TerminatingError);
                    Assert.Empty(result.Output);
                    var error = Assert.Single(result.Errors);
                    AssertError(error, errorId, category, items);
                    Assert.All(items, item => Assert.Contains(item, error.Exception.Message));
                    Assert.Empty(stored);
                });

        /// <summary>The command is refused as a whole with a terminating error; nothing is uploaded.</summary>
        public static Case Command(string script, string path, string errorId, ErrorCategory category, string? argument = null) =>
            new(
                script,
                good => [path, argument],
                (result, good, stored, name) =>
                {
                    var error = Assert.IsType<ErrorRecord>(result.TerminatingError);
                    Assert.StartsWith(errorId + ",", error.FullyQualifiedErrorId);
                    Assert.Equal(category, error.CategoryInfo.Category);
                    Assert.Empty(result.Output);
                    Assert.Empty(stored);
                });

        /// <summary>A parameter value refused when PowerShell binds it, before anything is sent.</summary>
        public static Case Binding(string parameters, string errorId, ErrorCategory category) =>
            new(
                $"$args[0] | Send-FalAsset {parameters}",
                good => [good],
                (result, good, stored, name) =>
                {
                    var error = Assert.IsType<ErrorRecord>(result.TerminatingError);
                    Assert.Equal($"{errorId},FalStorage.Commands.SendFalAssetCommand", error.FullyQualifiedErrorId);
                    Assert.Equal(category, error.CategoryInfo.Category);
                    Assert.Empty(result.Output);
                    Assert.Empty(stored);
                });

        private static void AssertError(ErrorRecord error, string errorId, ErrorCategory category, object target)
        {
            Assert.StartsWith(errorId + ",", error.FullyQualifiedErrorId);
            Assert.Equal(category, error.CategoryInfo.Category);
            Assert.Equal(target is FileSystemInfo info ? info.FullName : target, error.TargetObject is FileSystemInfo t ? t.FullName : error.TargetObject);
        }
    }
}
