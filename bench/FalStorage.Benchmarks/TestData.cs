namespace FalStorage.Benchmarks;

/// <summary>The files uploaded: random bytes (nothing compresses), each set in a folder of its own, as a user's.</summary>
internal sealed class TestData : IDisposable
{
    private const int WarmUpFiles = 50;

    private TestData(string root, Settings settings)
    {
        Root = root;
        SmallFolder = WriteFolder("small", settings.Files, settings.FileKib * 1024L);
        WarmUpFolder = WriteFolder("warm-up", Math.Min(WarmUpFiles, settings.Files), settings.FileKib * 1024L);
        LargeFolder = WriteFolder("large", 1, settings.LargeMib * 1024L * 1024L);
        LargeFile = Directory.GetFiles(LargeFolder).Single();
    }

    public string Root { get; }

    public string SmallFolder { get; }

    public string WarmUpFolder { get; }

    public int WarmUpCount => Directory.GetFiles(WarmUpFolder).Length;

    public string LargeFolder { get; }

    public string LargeFile { get; }

    public static TestData Create(Settings settings)
    {
        var root = Directory.CreateTempSubdirectory("falstorage-bench-").FullName;
        Console.WriteLine($"Making {settings.Files} files of {settings.FileKib} KiB and one of {settings.LargeMib} MiB in {root} ...");
        return new TestData(root, settings);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private string WriteFolder(string name, int count, long length)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Root, name)).FullName;
        var buffer = new byte[1024 * 1024];
        for (var i = 0; i < count; i++)
        {
            using var file = File.Create(Path.Combine(folder, $"{name}-{i:0000}.bin"));
            for (var written = 0L; written < length; written += buffer.Length)
            {
                Random.Shared.NextBytes(buffer);
                file.Write(buffer, 0, (int)Math.Min(buffer.Length, length - written));
            }
        }

        return folder;
    }
}
