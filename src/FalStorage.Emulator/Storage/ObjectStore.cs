using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using FalStorage.Emulator.Access;

namespace FalStorage.Emulator.Storage;

/// <summary>Completed objects, on disk under a <see cref="DataFolder"/>, indexed in memory.</summary>
/// <remarks>
/// An object lives in <c>objects/{id}/</c>: <c>metadata.json</c> and the content it names, fresh for every commit.
/// The content of a single PUT is one file, <c>{random}.bin</c>. The content of a multipart upload is a folder,
/// <c>{random}/</c>, holding the part files as they were uploaded; the metadata lists them in order, and the object
/// is served by reading them one after the other (<see cref="SegmentedStream"/>). Completing a multipart upload
/// therefore moves one folder and writes one small file, whatever the size of the object.
/// A commit moves the new content into place, then atomically replaces the metadata: readers see the old object or
/// the new one, never a part. Replaced or expired content is deleted once no reader has it open.
/// The emulator holds the data folder's lock, so the in-memory index is the truth; the disk makes it survive restarts.
/// </remarks>
internal sealed class ObjectStore
{
    private const string MetadataFileName = "metadata.json";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,

        // These files are read by people, not embedded in HTML: keep names like "café.png" legible.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly DataFolder folder;
    private readonly TimeProvider time;

    // Guards the index, the reader counts and every change of an object folder's structure (its creation, content
    // moved in, metadata swapped, the folder removed), so a commit and an expiry of the same id never interleave.
    private readonly Lock gate = new();
    private readonly Dictionary<string, ObjectRecord> objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> readers = new(StringComparer.Ordinal);
    private readonly HashSet<string> retiredWhileRead = new(StringComparer.Ordinal);

    public ObjectStore(DataFolder folder, TimeProvider time)
    {
        this.folder = folder;
        this.time = time;
        Load();
    }

    /// <summary>Makes the file <paramref name="content"/> (moved, not copied) the object of a single upload.</summary>
    public StoredObject CommitSingle(PendingUpload upload, string content, long length, string sha256)
    {
        var stored = NewObject(upload, length, sha256, partCount: 0);
        var name = ObjectId.New() + ".bin";
        return Commit(
            new ObjectRecord(stored, name),
            moveIn: target => File.Move(content, target),
            moveBack: target => File.Move(target, content));
    }

    /// <summary>Makes the folder <paramref name="partsFolder"/> (moved, not copied), whose files are
    /// <paramref name="parts"/>, the object of a multipart upload.</summary>
    public StoredObject CommitMultipart(PendingUpload upload, string partsFolder, IReadOnlyList<PartRecord> parts, string sha256)
    {
        var stored = NewObject(upload, parts.Sum(part => part.Length), sha256, parts.Count);
        return Commit(
            new ObjectRecord(stored, ObjectId.New()) { Parts = parts },
            moveIn: target => Directory.Move(partsFolder, target),
            moveBack: target => Directory.Move(target, partsFolder));
    }

    /// <summary>The parts of the current object with this id, if it came from a multipart upload.</summary>
    public IReadOnlyList<PartRecord>? FindParts(string id)
    {
        lock (gate)
        {
            return objects.TryGetValue(id, out var record) && !IsExpired(record) ? record.Parts : null;
        }
    }

    public StoredObject? Find(string id)
    {
        string? toDelete = null;
        lock (gate)
        {
            if (!objects.TryGetValue(id, out var record))
            {
                return null;
            }

            if (!IsExpired(record))
            {
                return record.Object;
            }

            toDelete = ExpireLocked(record);
        }

        DeleteContent(id, toDelete);
        return null;
    }

    /// <summary>Opens the object for reading; its content stays on disk until the stream is disposed,
    /// even if a re-upload replaces it or it expires meanwhile.</summary>
    public OpenedObject? Open(string id)
    {
        ObjectRecord? record;
        string contentPath;
        string? toDelete = null;
        lock (gate)
        {
            if (!objects.TryGetValue(id, out record))
            {
                return null;
            }

            contentPath = ContentPath(record);
            if (IsExpired(record))
            {
                toDelete = ExpireLocked(record);
                record = null;
            }
            else
            {
                readers[contentPath] = readers.GetValueOrDefault(contentPath) + 1;
            }
        }

        if (record is null)
        {
            DeleteContent(id, toDelete);
            return null;
        }

        var segments = record.Parts is null
            ? [new ContentSegment(contentPath, record.Object.Length)]
            : record.Parts.Select(part => new ContentSegment(Path.Combine(contentPath, part.File), part.Length)).ToArray();
        return new OpenedObject(record.Object, new SegmentedStream(segments, () => ReleaseReader(id, contentPath)));
    }

    /// <summary>Replaces the ACL of the object (null: public); returns the object as now stored, or null if there is none.</summary>
    public StoredObject? SetAcl(string id, ObjectAcl? acl)
    {
        lock (gate)
        {
            if (!objects.TryGetValue(id, out var record) || IsExpired(record))
            {
                return null;
            }

            var changed = record with { Object = record.Object with { Acl = acl } };
            folder.WriteAtomically(MetadataPath(id), JsonSerializer.SerializeToUtf8Bytes(changed, Json));
            objects[id] = changed;
            return changed.Object;
        }
    }

    /// <summary>The objects that are there (not expired), oldest first.</summary>
    public IReadOnlyList<StoredObject> List()
    {
        RemoveExpired();
        lock (gate)
        {
            return objects.Values.Select(record => record.Object)
                .OrderBy(stored => stored.CreatedAt)
                .ThenBy(stored => stored.Id, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>Deletes the objects whose lifecycle has run out; returns how many.</summary>
    public int RemoveExpired()
    {
        List<(string Id, string? Content)> deletions = [];
        lock (gate)
        {
            foreach (var record in objects.Values.Where(IsExpired).ToList())
            {
                deletions.Add((record.Object.Id, ExpireLocked(record)));
            }
        }

        foreach (var (id, content) in deletions)
        {
            DeleteContent(id, content);
        }

        return deletions.Count;
    }

    private StoredObject NewObject(PendingUpload upload, long length, string sha256, int partCount)
    {
        var now = time.GetUtcNow();
        return new StoredObject(upload.Id, upload.FileName, upload.ContentType, length, sha256, upload.KeyFingerprint, now)
        {
            ExpiresAt = upload.ExpirationDurationSeconds is { } seconds ? now.AddSeconds(seconds) : null,
            PartCount = partCount,
            Owner = upload.Owner,
            Acl = upload.Acl,
        };
    }

    private StoredObject Commit(ObjectRecord record, Action<string> moveIn, Action<string> moveBack)
    {
        var id = record.Object.Id;
        string? replaced = null;
        lock (gate)
        {
            var directory = ObjectDirectory(id);
            Directory.CreateDirectory(directory);
            var target = ContentPath(record);
            moveIn(target);
            try
            {
                folder.WriteAtomically(MetadataPath(id), JsonSerializer.SerializeToUtf8Bytes(record, Json));
            }
            catch
            {
                // Nothing changed for readers; give the content back to its owner (who deletes or keeps it).
                moveBack(target);
                throw;
            }

            if (objects.TryGetValue(id, out var previous))
            {
                replaced = RetireLocked(ContentPath(previous));
            }

            objects[id] = record;
        }

        DeleteContent(id, replaced);
        return record.Object;
    }

    private bool IsExpired(ObjectRecord record) => record.Object.ExpiresAt is { } expiresAt && time.GetUtcNow() >= expiresAt;

    /// <summary>Removes an expired object from the index and its metadata from disk; returns content to delete now.</summary>
    private string? ExpireLocked(ObjectRecord record)
    {
        objects.Remove(record.Object.Id);
        DataFolder.DeleteIfExists(MetadataPath(record.Object.Id));
        return RetireLocked(ContentPath(record));
    }

    /// <summary>Content no longer current: to delete now (returned), or when its last reader is done.</summary>
    private string? RetireLocked(string contentPath)
    {
        if (readers.ContainsKey(contentPath))
        {
            retiredWhileRead.Add(contentPath);
            return null;
        }

        return contentPath;
    }

    private void ReleaseReader(string id, string contentPath)
    {
        string? toDelete = null;
        lock (gate)
        {
            var count = readers[contentPath] - 1;
            if (count > 0)
            {
                readers[contentPath] = count;
            }
            else
            {
                readers.Remove(contentPath);
                if (retiredWhileRead.Remove(contentPath))
                {
                    toDelete = contentPath;
                }
            }
        }

        DeleteContent(id, toDelete);
    }

    /// <summary>Deletes retired content (a file or a parts folder), then the object folder if no object uses it.</summary>
    private void DeleteContent(string id, string? contentPath)
    {
        if (contentPath is null)
        {
            return;
        }

        DataFolder.DeleteIfExists(contentPath);
        lock (gate)
        {
            if (!objects.ContainsKey(id))
            {
                DataFolder.DeleteDirectoryIfEmpty(ObjectDirectory(id));
            }
        }
    }

    /// <summary>Reads every object's metadata, and deletes what a crash or an old run can leave: object folders
    /// without metadata, content that was replaced, part files no metadata lists. Runs at start, with the folder locked.</summary>
    private void Load()
    {
        foreach (var directory in Directory.EnumerateDirectories(folder.Objects))
        {
            var id = Path.GetFileName(directory);
            if (!ObjectId.IsValid(id) || !File.Exists(MetadataPath(id)))
            {
                // Not ours, or content moved in by a commit that never wrote its metadata.
                DataFolder.DeleteIfExists(directory);
                continue;
            }

            if (ReadRecord(MetadataPath(id)) is not { } record || record.Object.Id != id || !IsIntact(record))
            {
                // Damaged by hand, not by a crash (metadata is written atomically, after its content): not served,
                // but left for a person to look at.
                continue;
            }

            foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
            {
                var name = Path.GetFileName(entry);
                if (name != MetadataFileName && name != record.ContentFile)
                {
                    DataFolder.DeleteIfExists(entry);
                }
            }

            if (record.Parts is { } parts)
            {
                var listed = parts.Select(part => part.File).ToHashSet(StringComparer.Ordinal);
                foreach (var entry in Directory.EnumerateFileSystemEntries(ContentPath(record)))
                {
                    if (!listed.Contains(Path.GetFileName(entry)))
                    {
                        DataFolder.DeleteIfExists(entry);
                    }
                }
            }

            objects[id] = record;
        }

        RemoveExpired();
    }

    /// <summary>Whether the content the metadata names is there: metadata is written after its content, so a crash
    /// cannot leave one without the other, but a person editing the data folder can.</summary>
    private bool IsIntact(ObjectRecord record) =>
        IsPlainName(record.ContentFile)
        && (record.Parts is null
            ? File.Exists(ContentPath(record))
            : Directory.Exists(ContentPath(record)) && record.Parts.All(part => IsPlainName(part.File) && File.Exists(Path.Combine(ContentPath(record), part.File))));

    private static bool IsPlainName(string? name) =>
        !string.IsNullOrEmpty(name) && name == Path.GetFileName(name) && name is not ("." or "..") && name != MetadataFileName;

    private static ObjectRecord? ReadRecord(string path)
    {
        try
        {
            return DataFolder.ReadJson<ObjectRecord>(path, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private string ObjectDirectory(string id) => Path.Combine(folder.Objects, id);

    private string MetadataPath(string id) => Path.Combine(ObjectDirectory(id), MetadataFileName);

    private string ContentPath(ObjectRecord record) => Path.Combine(ObjectDirectory(record.Object.Id), record.ContentFile);

    /// <summary>The content of <c>metadata.json</c>.</summary>
    /// <param name="ContentFile">The content file of a single upload; the folder of the part files of a multipart upload.</param>
    private sealed record ObjectRecord(StoredObject Object, string ContentFile)
    {
        /// <summary>The part files in order, for a multipart upload; null for a single upload.</summary>
        public IReadOnlyList<PartRecord>? Parts { get; init; }
    }
}
