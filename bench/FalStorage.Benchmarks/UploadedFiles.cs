namespace FalStorage.Benchmarks;

/// <summary>
/// A folder's files put on an emulator beforehand (not timed; 16 at once through <see cref="EmulatorApi"/>), for the
/// download rows: their URLs, in the folder's order, and a text file listing them one a line, as a user's urls.txt.
/// </summary>
internal sealed class UploadedFiles : IDisposable
{
    private const int UploadsInFlight = 16;

    private UploadedFiles(IReadOnlyList<string> urls, string listPath, long length)
    {
        Urls = urls;
        ListPath = listPath;
        Length = length;
    }

    public IReadOnlyList<string> Urls { get; }

    public int Count => Urls.Count;

    /// <summary>The length of each file (a folder of the benchmark's test data holds files of one length).</summary>
    public long Length { get; }

    public string ListPath { get; }

    /// <summary>The session command that reads the list alone: the download rows' idle baseline of CPU.</summary>
    public object ReadListCommand => new { op = "urls", urls = ListPath };

    public static async Task<UploadedFiles> UploadAsync(EmulatorProcess emulator, string key, string folder)
    {
        var api = new EmulatorApi(emulator.Endpoint, key);
        var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToList();
        var urls = new string[files.Count];
        await Parallel.ForAsync(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = UploadsInFlight }, async (i, _) =>
            urls[i] = (await api.UploadFileAsync(files[i])).AbsoluteUri);

        var listPath = Path.Combine(Path.GetTempPath(), $"falstorage-bench-urls-{Guid.NewGuid():N}.txt");
        await File.WriteAllLinesAsync(listPath, urls);
        return new UploadedFiles(urls, listPath, new FileInfo(files[0]).Length);
    }

    public void Dispose() => File.Delete(ListPath);
}
