namespace FalStorage.Tests.Infrastructure;

/// <summary>
/// Tests of the cmdlets against the shared emulator: each test gets a runspace with the module
/// imported and connected to the emulator (its default session), and a folder for its files.
/// </summary>
public abstract class ConnectedModuleTests : IClassFixture<EmulatorFixture>, IDisposable
{
    protected ConnectedModuleTests(EmulatorFixture emulator)
    {
        Emulator = emulator;
        Host.Run("Connect-FalStorage -Endpoint $args[0] -Key $args[1]", emulator.BaseAddress.ToString(), emulator.Key).AssertSucceeded();
    }

    protected EmulatorFixture Emulator { get; }

    protected ModuleHost Host { get; } = new();

    protected TempFolder Files { get; } = new();

    public void Dispose()
    {
        Host.Dispose();
        Files.Dispose();
        GC.SuppressFinalize(this);
    }
}
