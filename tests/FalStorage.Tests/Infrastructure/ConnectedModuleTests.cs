namespace FalStorage.Tests.Infrastructure;

/// <summary>
/// Tests of the cmdlets against the shared emulator: each test's runspace starts connected to it (its
/// default session).
/// </summary>
public abstract class ConnectedModuleTests : ModuleTests, IClassFixture<EmulatorFixture>
{
    protected ConnectedModuleTests(EmulatorFixture emulator)
    {
        Emulator = emulator;
        ConnectTo(emulator);
    }

    protected EmulatorFixture Emulator { get; }
}
