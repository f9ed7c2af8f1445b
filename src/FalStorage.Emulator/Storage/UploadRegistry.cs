using System.Collections.Concurrent;
using System.Text.Json;

namespace FalStorage.Emulator.Storage;

/// <summary>The initiated uploads whose URL has not expired: on disk in <c>uploads/</c>, indexed in memory.</summary>
/// <remarks>An upload is forgotten (its record and any staged parts deleted) once its URL has expired, or it is older
/// than <see cref="EmulatorOptions.PurgeIncompleteAfter"/>, and no request for it is in flight: a request admitted
/// before may finish, as with presigned URLs elsewhere.</remarks>
internal sealed class UploadRegistry : IAsyncDisposable
{
    private readonly DataFolder folder;
    private readonly ObjectStore objects;
    private readonly TimeProvider time;
    private readonly TimeSpan? purgeAfter;
    private readonly ConcurrentDictionary<string, UploadSession> sessions = new(StringComparer.Ordinal);

    /// <param name="purgeAfter">How old an upload may get before it is forgotten, expired or not; null: no limit.</param>
    public UploadRegistry(DataFolder folder, ObjectStore objects, TimeProvider time, TimeSpan? purgeAfter)
    {
        this.folder = folder;
        this.objects = objects;
        this.time = time;
        this.purgeAfter = purgeAfter;
        Load();
    }

    public UploadSession Add(PendingUpload upload)
    {
        folder.WriteAtomically(UploadPath(upload.Id), JsonSerializer.SerializeToUtf8Bytes(upload, ObjectStore.Json));
        var session = NewSession(upload);
        sessions[upload.Id] = session;
        return session;
    }

    public UploadSession? Find(string id) => sessions.GetValueOrDefault(id);

    /// <summary>Forgets the uploads whose URL has expired, or that are past the purge age, and that no request uses;
    /// returns how many.</summary>
    public int RemoveExpired()
    {
        var now = time.GetUtcNow();
        var removed = 0;
        foreach (var (id, session) in sessions)
        {
            if (IsOver(session.Upload, now) && session.TryRetire())
            {
                sessions.TryRemove(KeyValuePair.Create(id, session));
                DataFolder.DeleteIfExists(UploadPath(id));
                DataFolder.DeleteIfExists(folder.PartsOf(id));
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Stops the background work (hashing of staged parts) and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var session in sessions.Values)
        {
            if (session.Multipart is { } multipart)
            {
                await multipart.StopAsync();
            }
        }
    }

    private UploadSession NewSession(PendingUpload upload) =>
        new(upload, upload.Kind == UploadKind.Multipart ? new MultipartStaging(folder, objects, upload) : null);

    /// <summary>Reads the uploads that are still valid; deletes expired or damaged ones and stray parts.</summary>
    private void Load()
    {
        var now = time.GetUtcNow();
        foreach (var path in Directory.EnumerateFiles(folder.Uploads, "*.json"))
        {
            PendingUpload? upload;
            try
            {
                upload = DataFolder.ReadJson<PendingUpload>(path, ObjectStore.Json);
            }
            catch (JsonException)
            {
                upload = null;
            }

            if (upload is null || !ObjectId.IsValid(upload.Id) || Path.GetFileName(path) != upload.Id + ".json" || IsOver(upload, now))
            {
                DataFolder.DeleteIfExists(path);
                continue;
            }

            var session = NewSession(upload);
            session.Multipart?.LoadStagedParts();
            sessions[upload.Id] = session;
        }

        foreach (var directory in Directory.EnumerateDirectories(folder.Uploads))
        {
            var name = Path.GetFileName(directory);
            if (!name.EndsWith(".parts", StringComparison.Ordinal) || Find(name[..^".parts".Length]) is not { Multipart: not null })
            {
                DataFolder.DeleteIfExists(directory);
            }
        }
    }

    /// <summary>Whether the upload's URL has expired, or it was started longer ago than the purge age.</summary>
    private bool IsOver(PendingUpload upload, DateTimeOffset now) =>
        upload.ExpiresAt <= now || (purgeAfter is { } age && upload.CreatedAt + age <= now);

    private string UploadPath(string id) => Path.Combine(folder.Uploads, id + ".json");
}
