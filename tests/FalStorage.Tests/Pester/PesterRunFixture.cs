using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Pester;

/// <summary>One run of the whole Pester suite, shared by its tests, against an emulator that lives as long as the run.</summary>
public sealed class PesterRunFixture : IAsyncLifetime
{
    private EmulatorFixture? _emulator;

    public Dictionary<string, PesterOutcome> Outcomes { get; private set; } = [];

    public async Task InitializeAsync()
    {
        _emulator = await EmulatorFixture.StartAsync();
        Outcomes = await Task.Run(() => PesterSuite.Run(_emulator));
    }

    public async Task DisposeAsync()
    {
        if (_emulator != null)
        {
            await _emulator.DisposeAsync();
        }
    }
}
