using System.Globalization;

namespace FalStorage.Emulator.Storage;

/// <summary>One upload of one part, staged in the parts folder as <see cref="File"/>: <c>{number}.{sequence}.{etag}.part</c>.</summary>
/// <param name="Sequence">Orders the uploads of all parts of the upload: of two files of one number, the higher wins.</param>
internal sealed record StagedPart(int Number, long Sequence, string ETag, long Length)
{
    public const string Extension = ".part";

    /// <summary>Its file name in the parts folder.</summary>
    public string File { get; } = string.Create(CultureInfo.InvariantCulture, $"{Number}.{Sequence}.{ETag}{Extension}");
}
