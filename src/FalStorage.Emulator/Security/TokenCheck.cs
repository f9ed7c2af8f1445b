namespace FalStorage.Emulator.Security;

internal enum TokenCheck
{
    Valid,
    Invalid,
    Expired,

    /// <summary>Signed by this emulator, for a key it no longer accepts (it was restarted with other keys).</summary>
    KeyNotAccepted,
}
