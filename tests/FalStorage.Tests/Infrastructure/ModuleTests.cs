namespace FalStorage.Tests.Infrastructure;

/// <summary>
/// Tests of the cmdlets: a runspace with the module imported, a folder for files, and a way to connect
/// to an emulator (the shared one, see <see cref="ConnectedModuleTests"/>, or one a test starts itself
/// with faults, short-lived URLs or a fixed port).
/// </summary>
public abstract class ModuleTests : IDisposable
{
    protected ModuleHost Host { get; } = new();

    protected TempFolder Files { get; } = new();

    public void Dispose()
    {
        Host.Dispose();
        Files.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Makes the emulator the runspace's default session, uploading through <paramref name="uploadFlow"/>.</summary>
    protected void ConnectTo(EmulatorFixture emulator, string uploadFlow = "Auto") =>
        Host.Run("Connect-FalStorage -Endpoint $args[0] -Key $args[1] -UploadFlow $args[2] | Out-Null", emulator.BaseAddress.ToString(), emulator.Key, uploadFlow).AssertSucceeded();
}
