namespace FalStorage.Emulator.Security;

internal enum SignatureCheck
{
    Valid,
    Invalid,
    Expired,
}
