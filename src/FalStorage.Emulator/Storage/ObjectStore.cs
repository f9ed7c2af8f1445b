using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FalStorage.Emulator.Storage;

/// <summary>An object's bytes opened for reading, with its metadata. The caller disposes the stream.</summary>
internal sealed record OpenedObject(StoredObject Metadata, FileStream Content);

/// <summary>Initiated uploads and completed objects, on disk under a <see cref="DataFolder"/>.</summary>
/// <remarks>
/// An object lives in <c>objects/{id}/</c>: a content file with a fresh random name per upload, and
/// <c>metadata.json</c> naming it. Committing an upload streams the bytes to <c>tmp/</c>, renames them into the
/// object folder, then atomically replaces the metadata: readers see the old object or the new one, never a part.
/// </remarks>
internal sealed class ObjectStore
{
    private const string MetadataFileName = "metadata.json";
    private const int CopyBufferSize = 128 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,

        // These files are read by people, not embedded in HTML: keep names like "café.png" legible.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly DataFolder folder;
    private readonly TimeProvider time;

    // Serializes the metadata swap so each commit deletes exactly the content it replaced.
    private readonly Lock commitLock = new();

    public ObjectStore(DataFolder folder, TimeProvider time)
    {
        this.folder = folder;
        this.time = time;
        RemoveDebris();
    }

    public void AddUpload(PendingUpload upload) =>
        folder.WriteAtomically(UploadPath(upload.Id), JsonSerializer.SerializeToUtf8Bytes(upload, Json));

    public PendingUpload? FindUpload(string id) => ObjectId.IsValid(id) ? Read<PendingUpload>(UploadPath(id)) : null;

    /// <summary>Streams <paramref name="content"/> to disk and makes it the object of <paramref name="upload"/>.</summary>
    /// <remarks>Nothing is committed if reading the content fails (e.g. the client aborts); no debris stays behind.</remarks>
    public async Task<StoredObject> CommitAsync(PendingUpload upload, Stream content, CancellationToken cancellationToken)
    {
        var temp = folder.NewTempPath();
        string? uncommittedContent = null;
        try
        {
            var (length, sha256) = await CopyAndHashAsync(content, temp, cancellationToken);
            var directory = ObjectDirectory(upload.Id);
            Directory.CreateDirectory(directory);
            var contentFile = ObjectId.New() + ".bin";
            uncommittedContent = Path.Combine(directory, contentFile);
            File.Move(temp, uncommittedContent);

            var stored = new StoredObject(
                upload.Id, upload.FileName, upload.ContentType, length, sha256, upload.KeyFingerprint, time.GetUtcNow());
            ObjectRecord? replaced;
            lock (commitLock)
            {
                replaced = ReadRecord(upload.Id);
                folder.WriteAtomically(MetadataPath(upload.Id), JsonSerializer.SerializeToUtf8Bytes(new ObjectRecord(stored, contentFile), Json));
            }

            uncommittedContent = null;
            if (replaced is not null)
            {
                DataFolder.DeleteIfExists(Path.Combine(directory, replaced.ContentFile));
            }

            return stored;
        }
        catch
        {
            DataFolder.DeleteIfExists(temp);
            if (uncommittedContent is not null)
            {
                DataFolder.DeleteIfExists(uncommittedContent);
            }

            throw;
        }
    }

    public StoredObject? Find(string id) => ReadRecord(id)?.Object;

    public OpenedObject? Open(string id)
    {
        // A re-upload may delete the content between reading the metadata and opening it: then look once more.
        for (var attempt = 0; ; attempt++)
        {
            if (ReadRecord(id) is not { } record)
            {
                return null;
            }

            try
            {
                var path = Path.Combine(ObjectDirectory(id), record.ContentFile);
                return new OpenedObject(record.Object, DataFolder.OpenShared(path, FileOptions.Asynchronous | FileOptions.SequentialScan));
            }
            catch (FileNotFoundException) when (attempt == 0)
            {
            }
        }
    }

    public IReadOnlyList<StoredObject> List() =>
        Directory.EnumerateDirectories(folder.Objects)
            .Select(directory => Find(Path.GetFileName(directory)))
            .OfType<StoredObject>()
            .OrderBy(stored => stored.CreatedAt)
            .ThenBy(stored => stored.Id, StringComparer.Ordinal)
            .ToList();

    private static async Task<(long Length, string Sha256)> CopyAndHashAsync(Stream source, string path, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true);
            long length = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                length += read;
            }

            return (length, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Deletes what a crash or an old run can leave: expired uploads, objects whose metadata was never
    /// written, and content files replaced by a re-upload. Runs at start, while the folder is locked to us.</summary>
    private void RemoveDebris()
    {
        var now = time.GetUtcNow();
        foreach (var path in Directory.EnumerateFiles(folder.Uploads, "*.json"))
        {
            if (Read<PendingUpload>(path) is not { } upload || upload.ExpiresAt <= now)
            {
                DataFolder.DeleteIfExists(path);
            }
        }

        foreach (var directory in Directory.EnumerateDirectories(folder.Objects))
        {
            if (ReadRecord(Path.GetFileName(directory)) is not { } record)
            {
                Directory.Delete(directory, recursive: true);
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(directory))
            {
                var name = Path.GetFileName(file);
                if (name != MetadataFileName && name != record.ContentFile)
                {
                    DataFolder.DeleteIfExists(file);
                }
            }
        }
    }

    private ObjectRecord? ReadRecord(string id) => ObjectId.IsValid(id) ? Read<ObjectRecord>(MetadataPath(id)) : null;

    private static T? Read<T>(string path)
        where T : class
    {
        try
        {
            using var stream = DataFolder.OpenShared(path);
            return JsonSerializer.Deserialize<T>(stream, Json);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private string UploadPath(string id) => Path.Combine(folder.Uploads, id + ".json");

    private string ObjectDirectory(string id) => Path.Combine(folder.Objects, id);

    private string MetadataPath(string id) => Path.Combine(ObjectDirectory(id), MetadataFileName);

    /// <summary>The content of <c>metadata.json</c>.</summary>
    private sealed record ObjectRecord(StoredObject Object, string ContentFile);
}
