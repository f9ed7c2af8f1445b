namespace FalStorage.Emulator.Storage;

/// <summary>How the bytes of an upload arrive: one PUT, or numbered parts and a completion.</summary>
internal enum UploadKind
{
    Single,
    Multipart,
}
