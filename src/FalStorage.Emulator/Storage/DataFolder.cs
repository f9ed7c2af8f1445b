using System.Security.Cryptography;
using System.Text.Json;

namespace FalStorage.Emulator.Storage;

/// <summary>The emulator's data folder: its layout, its exclusive lock and crash-safe file writes.</summary>
/// <remarks>
/// Layout: <c>uploads/{id}.json</c> initiated uploads; <c>uploads/{id}.parts/</c> the parts of a multipart upload
/// not yet completed; <c>objects/{id}/</c> an object's metadata and bytes;
/// <c>settings/</c> users' settings; <c>tmp/</c> files being written; <c>signing.key</c> the upload URL key. Everything is written in <c>tmp/</c>
/// and renamed into place, so a reader sees a whole file or none, and a crash leaves debris only in <c>tmp/</c>.
/// </remarks>
internal sealed class DataFolder : IDisposable
{
    private const string LockFileName = ".lock";

    private readonly FileStream lockFile;

    private DataFolder(string root, FileStream lockFile)
    {
        Root = root;
        this.lockFile = lockFile;
    }

    public string Root { get; }

    public string Uploads => Path.Combine(Root, "uploads");

    public string Objects => Path.Combine(Root, "objects");

    public string Temp => Path.Combine(Root, "tmp");

    /// <summary>Each user's storage settings, <c>{user id}.json</c>.</summary>
    public string Settings => Path.Combine(Root, "settings");

    public string PartsOf(string uploadId) => Path.Combine(Uploads, uploadId + ".parts");

    /// <summary>Creates the folder if needed and locks it for this instance; clears what a previous run left in <c>tmp/</c>.</summary>
    /// <exception cref="IOException">Another emulator uses the folder.</exception>
    public static DataFolder Open(string root)
    {
        Directory.CreateDirectory(root);
        FileStream lockFile;
        try
        {
            // Two emulators on one folder would delete each other's files in flight (see the tmp/ clean-up).
            lockFile = new FileStream(Path.Combine(root, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new IOException($"The data folder {root} is in use by another emulator.", ex);
        }

        var folder = new DataFolder(root, lockFile);
        Directory.CreateDirectory(folder.Uploads);
        Directory.CreateDirectory(folder.Objects);
        Directory.CreateDirectory(folder.Settings);
        if (Directory.Exists(folder.Temp))
        {
            Directory.Delete(folder.Temp, recursive: true);
        }

        Directory.CreateDirectory(folder.Temp);
        return folder;
    }

    /// <summary>A fresh path in <c>tmp/</c>, on the same volume as its destination so the final move is a rename.</summary>
    public string NewTempPath() => Path.Combine(Temp, ObjectId.New() + ".tmp");

    public void WriteAtomically(string path, ReadOnlySpan<byte> content, bool ownerOnly = false)
    {
        var temp = NewTempPath();
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (ownerOnly && !OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            DeleteIfExists(temp);
            throw;
        }
    }

    /// <summary>A random secret kept in the folder: created once, then the same on every start.</summary>
    public byte[] ReadOrCreateSecret(string name, int size)
    {
        var path = Path.Combine(Root, name);
        if (!File.Exists(path))
        {
            WriteAtomically(path, RandomNumberGenerator.GetBytes(size), ownerOnly: true);
        }

        var secret = File.ReadAllBytes(path);
        return secret.Length == size
            ? secret
            : throw new InvalidDataException($"{path} is damaged; delete it (upload URLs issued before become invalid).");
    }

    /// <summary>Opens for reading without blocking a concurrent rename over, or deletion of, the file (matters on Windows).</summary>
    public static FileStream OpenShared(string path, FileOptions options = FileOptions.None) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 4096, options);

    /// <summary>Reads a JSON file written by <see cref="WriteAtomically"/>; null if there is none.</summary>
    /// <exception cref="JsonException">The file is damaged.</exception>
    public static T? ReadJson<T>(string path, JsonSerializerOptions options)
        where T : class
    {
        try
        {
            using var stream = OpenShared(path);
            return JsonSerializer.Deserialize<T>(stream, options);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Deletes a file, or a folder with everything in it; best effort.</summary>
    public static void DeleteIfExists(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: what is left is debris, swept on the next start.
        }
    }

    public static void DeleteDirectoryIfEmpty(string path)
    {
        try
        {
            if (Directory.Exists(path) && !Directory.EnumerateFileSystemEntries(path).Any())
            {
                Directory.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not empty after all, or in use: what is left is swept on the next start.
        }
    }

    public void Dispose() => lockFile.Dispose();
}
