namespace FalStorage.Emulator.Storage;

/// <summary>One file of an object's content, in order.</summary>
internal readonly record struct ContentSegment(string Path, long Length);
