namespace FalStorage.Emulator.Storage;

/// <summary>The outcome of a completion: the object, or why the parts do not make one (a 400 for the client).</summary>
internal sealed record CompleteResult(StoredObject? Object, string? Problem);
