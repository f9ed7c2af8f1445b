namespace FalStorage.Emulator.Storage;

/// <summary>One part of a completed multipart object, as its metadata records it.</summary>
/// <param name="File">The part's file name inside the object's content folder.</param>
internal sealed record PartRecord(int Number, string ETag, long Length, string File);
