using FalStorage.Tests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace FalStorage.Tests.Pester;

/// <summary>One run of the whole Pester suite, shared by its tests, against an emulator that lives as long as the run.</summary>
public sealed class PesterRunFixture : IAsyncLifetime
{
    private readonly IMessageSink _diagnostics;
    private EmulatorFixture? _emulator;

    /// <param name="diagnostics">Where the run says when it starts and ends (dotnet test prints it: xunit.runner.json).</param>
    public PesterRunFixture(IMessageSink diagnostics) => _diagnostics = diagnostics;

    public Dictionary<string, PesterOutcome> Outcomes { get; private set; } = [];

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorFixture.StartAsync();
        _diagnostics.OnMessage(new DiagnosticMessage("Pester suite: started on the real shell; its tests are reported when it ends (a few minutes)"));
        var started = System.Diagnostics.Stopwatch.StartNew();
        Outcomes = await Task.Run(() => PesterSuite.Run(_emulator));
        _diagnostics.OnMessage(new DiagnosticMessage($"Pester suite: {Outcomes.Count} tests run in {started.Elapsed.TotalSeconds:0} s (TestResults/Pester.log)"));
    }

    public async Task DisposeAsync()
    {
        if (_emulator != null)
        {
            await _emulator.DisposeAsync();
        }
    }
}
