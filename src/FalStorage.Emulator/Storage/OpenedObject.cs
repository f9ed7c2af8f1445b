namespace FalStorage.Emulator.Storage;

/// <summary>An object's bytes opened for reading, with its metadata. The caller disposes the stream.</summary>
internal sealed record OpenedObject(StoredObject Metadata, Stream Content);
