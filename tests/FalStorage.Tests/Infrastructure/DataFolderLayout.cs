using System.Text.RegularExpressions;

namespace FalStorage.Tests.Infrastructure;

/// <summary>The emulator's data folder as its README documents it: anything else in it came from somewhere it should not.</summary>
public static partial class DataFolderLayout
{
    /// <summary>Every path, relative to the data folder with '/' separators, that the layout allows.</summary>
    [GeneratedRegex("""
        ^(?:
            \.lock | signing\.key | uploads | objects | tmp | settings
          | settings/usr_[0-9a-f]{24}\.json
          | uploads/[0-9a-f]{32}\.json
          | uploads/[0-9a-f]{32}\.parts(?:/\d+\.\d+\.[0-9a-f]{32}\.part)?
          | objects/[0-9a-f]{32}(?:/metadata\.json|/[0-9a-f]{32}\.bin|/[0-9a-f]{32}(?:/\d+\.\d+\.[0-9a-f]{32}\.part)?)?
          | tmp/[0-9a-f]{32}\.tmp
        )$
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Allowed();

    /// <summary>The entries of the data folder that the layout does not allow (empty if all is well).</summary>
    public static IReadOnlyList<string> Strays(string dataDirectory) =>
        Directory.EnumerateFileSystemEntries(dataDirectory, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(dataDirectory, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(relative => !Allowed().IsMatch(relative))
            .ToList();

    /// <summary>Entries whose name contains <paramref name="marker"/>, in the data folder or beside it.</summary>
    public static IReadOnlyList<string> EntriesNamed(string dataDirectory, string marker) =>
        Directory.EnumerateFileSystemEntries(dataDirectory, $"*{marker}*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(dataDirectory)!, $"*{marker}*"))
            .ToList();
}
