using System.Buffers;
using System.Security.Cryptography;

namespace FalStorage.Emulator.Storage;

/// <summary>The SHA-256 of an upload's parts in part order, computed ahead while they arrive: parts 1 to N, for the N
/// that have arrived without a gap so far. Not thread-safe: <see cref="MultipartStaging"/> uses it from one task at a
/// time.</summary>
internal sealed class InOrderDigest
{
    private const int BufferSize = 1024 * 1024;

    private readonly IncrementalHash sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly List<StagedPart> hashed = [];
    private readonly Dictionary<int, StagedPart> waiting = [];

    /// <summary>A part could not be read: what <see cref="sha256"/> holds is no use.</summary>
    private bool spoiled;

    /// <summary>Takes a staged part and hashes every part that is next in order now.</summary>
    /// <remarks>A part re-sent before it was hashed replaces the one waiting; one re-sent after it was hashed waits
    /// for good, and <see cref="Finish"/>, finding another part where one was hashed, hashes everything.</remarks>
    public void Add(StagedPart part, Func<StagedPart, string> pathOf)
    {
        waiting[part.Number] = part;
        try
        {
            while (!spoiled && waiting.Remove(hashed.Count + 1, out var next))
            {
                Append(sha256, pathOf(next));
                hashed.Add(next);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Replaced and deleted before it was read, or the upload forgotten: half a part may be in the hash.
            spoiled = true;
        }
    }

    /// <summary>The SHA-256 of <paramref name="chosen"/> (the parts a completion commits, in order): what was hashed
    /// ahead if it was their first parts, and the rest now; otherwise all of them now. Once only.</summary>
    public string Finish(IReadOnlyList<StagedPart> chosen, Func<StagedPart, string> pathOf)
    {
        using (sha256)
        {
            if (spoiled || hashed.Count > chosen.Count || !hashed.SequenceEqual(chosen.Take(hashed.Count)))
            {
                sha256.GetHashAndReset();
                hashed.Clear();
            }

            foreach (var part in chosen.Skip(hashed.Count))
            {
                Append(sha256, pathOf(part));
            }

            return Convert.ToHexStringLower(sha256.GetHashAndReset());
        }
    }

    private static void Append(IncrementalHash target, string path)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            // Read as the part may be replaced and deleted meanwhile (Linux keeps an open file readable).
            using var stream = new FileStream(
                path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete, BufferSize = 0, Options = FileOptions.SequentialScan });
            int read;
            while ((read = stream.Read(buffer, 0, BufferSize)) > 0)
            {
                target.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
