using System.Security.Cryptography;

namespace FalStorage.Emulator.Storage;

/// <summary>Random 128-bit ids in lowercase hex: unguessable, and safe as file names on every file system.</summary>
internal static class ObjectId
{
    private const int Length = 32;

    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(Length / 2));

    /// <summary>Ids reach file paths, so anything else (e.g. "..") is rejected before touching the disk.</summary>
    public static bool IsValid(string? id) => id is { Length: Length } && id.All(char.IsAsciiHexDigitLower);
}
