namespace FalStorage.Benchmarks;

/// <summary>
/// A fresh, empty folder for one download run, on tmpfs (so no disk's writeback decides the figures), deleted after;
/// <see cref="Check"/> makes sure every client really saved every file whole, whatever it reported.
/// </summary>
internal sealed class DownloadFolder : IDisposable
{
    private DownloadFolder(string path) => Path = path;

    public string Path { get; }

    private static DownloadFolder Create(string root) =>
        new(Directory.CreateDirectory(System.IO.Path.Combine(root, "falstorage-bench-downloads-" + Guid.NewGuid().ToString("N"))).FullName);

    /// <summary>Downloads <paramref name="files"/> with <paramref name="measure"/> into a fresh folder under
    /// <paramref name="root"/>, checks that every file is there whole, and deletes the folder.</summary>
    public static async Task<Measurement> MeasureIntoFreshAsync(string root, UploadedFiles files, Func<UploadedFiles, string, Task<Measurement>> measure)
    {
        using var folder = Create(root);
        var measurement = await measure(files, folder.Path);
        folder.Check(files.Count, files.Length);
        return measurement;
    }

    /// <summary>Fails unless the folder holds exactly <paramref name="count"/> files of <paramref name="length"/> bytes.</summary>
    private void Check(int count, long length)
    {
        var files = new DirectoryInfo(Path).GetFiles();
        var whole = files.Count(file => file.Length == length);
        if (files.Length != count || whole != count)
        {
            throw new InvalidOperationException($"{Path}: {files.Length} files, {whole} of them of {length} bytes; {count} expected.");
        }
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
