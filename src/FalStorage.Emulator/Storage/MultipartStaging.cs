using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace FalStorage.Emulator.Storage;

/// <summary>The parts of one multipart upload, staged in <c>uploads/{id}.parts/</c> until the upload is completed.</summary>
/// <remarks>
/// <para>Each part is streamed to <c>tmp/</c>, then renamed to <c>{number}.{sequence}.{etag}.part</c>; a re-sent part
/// replaces the previous one (the higher sequence wins, also after a crash between the rename and the deletion). Its
/// ETag is a fresh random token: it names that upload of the part, which is all a completion needs to check.</para>
/// <para>Completion moves the whole folder into the object (<see cref="ObjectStore.CommitMultipart"/>): no byte is
/// copied. The object's ETag is the SHA-256 of the whole object, which no digest of the parts can give. It is computed
/// ahead while parts arrive, which docs/decisions/0002-in-order-digest.md shows to shorten a 1 GiB upload by a tenth
/// to a quarter, and its completion from one or two seconds to a fraction of one: each staged part adds a link to one
/// chain of tasks (<see cref="hashing"/>), which hashes, in part order, every part that is next now (<see cref="InOrderDigest"/>,
/// from the page cache, soon after the part landed). The links run one at a time, so the digest needs no lock.
/// Completion waits for the chain and hashes only what it has not reached (all of it, if a part it hashed was
/// replaced since).</para>
/// <para>One gate: staging a part and completing take turns, so a completion never moves a part that a re-sent one is
/// replacing, and no link is added while a completion finishes the digest.</para>
/// </remarks>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "A SemaphoreSlim holds no handle unless its AvailableWaitHandle is read, which this type never does; disposing it while a request may still release it would fail that request.")]
internal sealed class MultipartStaging
{
    private readonly ObjectStore objects;
    private readonly PendingUpload upload;
    private readonly string partsFolder;
    private readonly SemaphoreSlim gate = new(1, 1);

    // Under the gate (and in LoadStagedParts, before any request).
    private readonly Dictionary<int, StagedPart> parts = [];
    private long nextSequence;
    private Task hashing = Task.CompletedTask;

    // The chain's links use it one at a time, and completion once the chain is done.
    private InOrderDigest digest = new();
    private volatile bool abandoned;

    public MultipartStaging(DataFolder folder, ObjectStore objects, PendingUpload upload)
    {
        this.objects = objects;
        this.upload = upload;
        partsFolder = folder.PartsOf(upload.Id);
    }

    /// <summary>Moves the streamed file <paramref name="content"/> in as part <paramref name="number"/>; returns its ETag.</summary>
    public async Task<string> StageAsync(int number, string content, long length)
    {
        await gate.WaitAsync();
        try
        {
            Directory.CreateDirectory(partsFolder);
            var etag = ObjectId.New();
            var part = new StagedPart(number, nextSequence++, etag, length);
            File.Move(content, PathOf(part));
            if (parts.Remove(number, out var replaced))
            {
                DataFolder.DeleteIfExists(PathOf(replaced));
            }

            parts[number] = part;
            hashing = hashing.ContinueWith(_ => HashAhead(part), TaskScheduler.Default);
            return etag;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Checks the listed parts against the staged ones and, if they make the whole upload, commits the object.</summary>
    public async Task<CompleteResult> CompleteAsync(IReadOnlyList<ListedPart> listed)
    {
        await gate.WaitAsync();
        try
        {
            if (CompletionCheck.Problem(listed, parts.ToDictionary(part => part.Key, part => part.Value.ETag)) is { } problem)
            {
                // A retried completion (its answer was lost) finds the parts already in the object: answer the same.
                return IsAlreadyCompleted(listed) && objects.Find(upload.Id) is { } done ? new(done, null) : new(null, problem);
            }

            var chosen = listed.OrderBy(part => part.PartNumber).Select(part => parts[part.PartNumber]).ToList();
            await hashing;
            var finished = digest;
            digest = new();
            var sha256 = finished.Finish(chosen, PathOf);
            var stored = objects.CommitMultipart(
                upload, partsFolder, chosen.Select(part => new PartRecord(part.Number, part.ETag, part.Length, part.File)).ToList(), sha256);
            parts.Clear();
            return new(stored, null);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>At start: reads the parts staged before a restart (the latest upload of each number).</summary>
    public void LoadStagedParts()
    {
        if (!Directory.Exists(partsFolder))
        {
            return;
        }

        foreach (var path in Directory.EnumerateFiles(partsFolder))
        {
            var name = Path.GetFileName(path);
            var fields = name.EndsWith(StagedPart.Extension, StringComparison.Ordinal) ? name[..^StagedPart.Extension.Length].Split('.') : [];
            if (fields.Length != 3
                || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                || !ObjectId.IsValid(fields[2]))
            {
                DataFolder.DeleteIfExists(path);
                continue;
            }

            var part = new StagedPart(number, sequence, fields[2], new FileInfo(path).Length);
            nextSequence = Math.Max(nextSequence, sequence + 1);
            if (parts.TryGetValue(number, out var other))
            {
                var (kept, dropped) = other.Sequence > sequence ? (other, part) : (part, other);
                parts[number] = kept;
                DataFolder.DeleteIfExists(PathOf(dropped));
            }
            else
            {
                parts[number] = part;
            }
        }
    }

    /// <summary>The upload was forgotten: its parts' files are being deleted, so hash no more of them.</summary>
    public void Abandon() => abandoned = true;

    /// <summary>The emulator is stopping: waits for the link that is hashing, if any.</summary>
    public async Task StopAsync()
    {
        Abandon();
        await hashing;
    }

    private void HashAhead(StagedPart part)
    {
        if (!abandoned)
        {
            digest.Add(part, PathOf);
        }
    }

    private bool IsAlreadyCompleted(IReadOnlyList<ListedPart> listed)
    {
        var done = parts.Count == 0 ? objects.FindParts(upload.Id) : null;
        return done is not null
            && done.Count == listed.Count
            && listed.OrderBy(part => part.PartNumber).Zip(done).All(pair => pair.First.PartNumber == pair.Second.Number && CompletionCheck.ETagsMatch(pair.First.ETag, pair.Second.ETag));
    }

    private string PathOf(StagedPart part) => Path.Combine(partsFolder, part.File);
}
