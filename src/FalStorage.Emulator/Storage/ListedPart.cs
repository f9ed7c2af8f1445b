namespace FalStorage.Emulator.Storage;

/// <summary>A part as the client lists it in the completion: its number and the ETag its PUT answered.</summary>
internal readonly record struct ListedPart(int PartNumber, string ETag);
