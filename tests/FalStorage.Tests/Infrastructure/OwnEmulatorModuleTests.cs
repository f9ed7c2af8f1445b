namespace FalStorage.Tests.Infrastructure;

/// <summary>
/// Tests of the cmdlets against emulators the tests start themselves (with faults, short-lived URLs, a
/// fixed port): a runspace with the module imported, a folder for files, and a way to connect.
/// </summary>
public abstract class OwnEmulatorModuleTests : IDisposable
{
    protected ModuleHost Host { get; } = new();

    protected TempFolder Files { get; } = new();

    public void Dispose()
    {
        Host.Dispose();
        Files.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Makes the emulator the runspace's default session.</summary>
    protected void ConnectTo(EmulatorFixture emulator) =>
        Host.Run("Connect-FalStorage -Endpoint $args[0] -Key $args[1] | Out-Null", emulator.BaseAddress.ToString(), emulator.Key).AssertSucceeded();
}
