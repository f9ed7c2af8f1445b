using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;

namespace FalStorage.Emulator.Storage;

/// <summary>The parts of one multipart upload, staged in <c>uploads/{id}.parts/</c> until the upload is completed.</summary>
/// <remarks>
/// <para>Each part is streamed to <c>tmp/</c>, then renamed to <c>{number}.{sequence}.{etag}.part</c>; a re-sent part
/// replaces the previous one (the higher sequence wins, also after a crash between the rename and the deletion). Its
/// ETag is a fresh random token: it names that upload of the part, which is all a completion needs to check.</para>
/// <para>Completion moves the whole folder into the object (<see cref="ObjectStore.CommitMultipart"/>): no byte is
/// copied. The object's SHA-256 is computed in part order by a background task while parts arrive (each part is
/// hashed once, from the page cache, soon after it lands), so completion usually only waits for the last part or two.
/// That hashing is a speculation checked at completion: if the listed parts are not the ones it hashed, completion
/// hashes them again itself.</para>
/// <para>Locks: <see cref="commitGate"/> (staging a part, completing) is taken before <see cref="hashGate"/>
/// (feeding <see cref="hash"/>), and <see cref="sync"/> only briefly around the bookkeeping.</para>
/// </remarks>
internal sealed class MultipartStaging
{
    private const string PartExtension = ".part";
    private const int HashBufferSize = 1024 * 1024;

    private readonly ObjectStore objects;
    private readonly PendingUpload upload;
    private readonly CancellationTokenSource abandoned = new();
    private readonly string partsFolder;

    private readonly SemaphoreSlim commitGate = new(1, 1);
    private readonly SemaphoreSlim hashGate = new(1, 1);
    private readonly Lock sync = new();
    private readonly Dictionary<int, StagedPart> parts = [];
    private readonly List<StagedPart> hashed = [];
    private long nextSequence;
    private bool hashStale;
    private IncrementalHash? hash;
    private int hasherRunning;
    private Task hasher = Task.CompletedTask;

    public MultipartStaging(DataFolder folder, ObjectStore objects, PendingUpload upload)
    {
        this.objects = objects;
        this.upload = upload;
        partsFolder = folder.PartsOf(upload.Id);
    }

    /// <summary>Moves the streamed file <paramref name="content"/> in as part <paramref name="number"/>; returns its ETag.</summary>
    public async Task<string> StageAsync(int number, string content, long length)
    {
        await commitGate.WaitAsync();
        string etag;
        try
        {
            Directory.CreateDirectory(partsFolder);
            long sequence;
            lock (sync)
            {
                sequence = nextSequence++;
            }

            etag = ObjectId.New();
            var part = new StagedPart(number, sequence, etag, length, string.Create(CultureInfo.InvariantCulture, $"{number}.{sequence}.{etag}{PartExtension}"));
            File.Move(content, Path.Combine(partsFolder, part.File));

            StagedPart? replaced;
            lock (sync)
            {
                parts.Remove(number, out replaced);
                parts[number] = part;
                hashStale |= number <= hashed.Count;
            }

            // Inside the gate, so a completion never moves a replaced part into the object.
            if (replaced is not null)
            {
                DataFolder.DeleteIfExists(Path.Combine(partsFolder, replaced.File));
            }
        }
        finally
        {
            commitGate.Release();
        }

        StartHashing();
        return etag;
    }

    /// <summary>Checks the listed parts against the staged ones and, if they make the whole upload, commits the object.</summary>
    public async Task<CompleteResult> CompleteAsync(IReadOnlyList<ListedPart> listed)
    {
        await commitGate.WaitAsync();
        try
        {
            List<StagedPart> chosen;
            string? problem;
            lock (sync)
            {
                problem = CompletionCheck.Problem(listed, parts.ToDictionary(part => part.Key, part => part.Value.ETag));
                chosen = problem is null ? listed.OrderBy(part => part.PartNumber).Select(part => parts[part.PartNumber]).ToList() : [];
            }

            if (problem is not null)
            {
                // A retried completion (its answer was lost) finds the parts already in the object: answer the same.
                return IsAlreadyCompleted(listed) && objects.Find(upload.Id) is { } done ? new(done, null) : new(null, problem);
            }

            var sha256 = await HashAsync(chosen);
            var stored = objects.CommitMultipart(
                upload, partsFolder, chosen.Select(part => new PartRecord(part.Number, part.ETag, part.Length, part.File)).ToList(), sha256);
            lock (sync)
            {
                parts.Clear();
            }

            return new(stored, null);
        }
        finally
        {
            commitGate.Release();
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
            var fields = name.EndsWith(PartExtension, StringComparison.Ordinal) ? name[..^PartExtension.Length].Split('.') : [];
            if (fields.Length != 3
                || !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                || !ObjectId.IsValid(fields[2]))
            {
                DataFolder.DeleteIfExists(path);
                continue;
            }

            var part = new StagedPart(number, sequence, fields[2], new FileInfo(path).Length, name);
            nextSequence = Math.Max(nextSequence, sequence + 1);
            if (parts.TryGetValue(number, out var other))
            {
                var (kept, dropped) = other.Sequence > sequence ? (other, part) : (part, other);
                parts[number] = kept;
                DataFolder.DeleteIfExists(Path.Combine(partsFolder, dropped.File));
            }
            else
            {
                parts[number] = part;
            }
        }
    }

    /// <summary>The upload was forgotten: stop hashing its parts (their files are being deleted).</summary>
    public void Abandon() => abandoned.Cancel();

    /// <summary>Stops the background hashing and waits for it (the emulator is stopping).</summary>
    public async Task StopAsync()
    {
        Abandon();
        await hasher.ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    private bool IsAlreadyCompleted(IReadOnlyList<ListedPart> listed)
    {
        lock (sync)
        {
            if (parts.Count > 0)
            {
                return false;
            }
        }

        var done = objects.FindParts(upload.Id);
        return done is not null
            && done.Count == listed.Count
            && listed.OrderBy(part => part.PartNumber).Zip(done).All(pair => pair.First.PartNumber == pair.Second.Number && CompletionCheck.ETagsMatch(pair.First.ETag, pair.Second.ETag));
    }

    /// <summary>The SHA-256 of the chosen parts in order, reusing what the background hashing did if it hashed them.</summary>
    private async Task<string> HashAsync(List<StagedPart> chosen)
    {
        await hashGate.WaitAsync();
        try
        {
            int start;
            lock (sync)
            {
                var reusable = !hashStale && hashed.Count <= chosen.Count && hashed.Select((part, i) => ReferenceEquals(part, chosen[i])).All(same => same);
                if (!reusable)
                {
                    ResetHashLocked();
                }

                start = hashed.Count;
            }

            hash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            for (var i = start; i < chosen.Count; i++)
            {
                HashFile(hash, chosen[i]);
            }

            var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            lock (sync)
            {
                ResetHashLocked();
            }

            return sha256;
        }
        finally
        {
            hashGate.Release();
        }
    }

    private void StartHashing()
    {
        lock (sync)
        {
            if (abandoned.IsCancellationRequested || !(hashStale || parts.ContainsKey(hashed.Count + 1)))
            {
                return;
            }
        }

        if (Interlocked.CompareExchange(ref hasherRunning, 1, 0) == 0)
        {
            hasher = Task.Run(HashInBackgroundAsync);
        }
    }

    private async Task HashInBackgroundAsync()
    {
        try
        {
            var progressed = true;
            while (progressed && !abandoned.IsCancellationRequested)
            {
                await hashGate.WaitAsync(abandoned.Token);
                try
                {
                    progressed = HashNextPart();
                }
                finally
                {
                    hashGate.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            Volatile.Write(ref hasherRunning, 0);
        }

        // A part may have landed between the last look and the flag going down.
        StartHashing();
    }

    /// <summary>Hashes the next part in order if it is there (the caller holds <see cref="hashGate"/>).</summary>
    private bool HashNextPart()
    {
        StagedPart? next;
        lock (sync)
        {
            if (hashStale)
            {
                ResetHashLocked();
            }

            next = parts.GetValueOrDefault(hashed.Count + 1);
        }

        if (next is null)
        {
            return false;
        }

        hash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            HashFile(hash, next);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Replaced and deleted while read, or the upload forgotten: the completion hashes what it needs itself.
            lock (sync)
            {
                ResetHashLocked();
            }

            return false;
        }

        lock (sync)
        {
            if (!hashStale && ReferenceEquals(parts.GetValueOrDefault(next.Number), next))
            {
                hashed.Add(next);
            }
            else
            {
                ResetHashLocked();
            }
        }

        return true;
    }

    private void HashFile(IncrementalHash target, StagedPart part)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(HashBufferSize);
        try
        {
            using var stream = new FileStream(
                Path.Combine(partsFolder, part.File),
                new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete, BufferSize = 0, Options = FileOptions.SequentialScan });
            long total = 0;
            int read;
            while ((read = stream.Read(buffer, 0, HashBufferSize)) > 0)
            {
                target.AppendData(buffer, 0, read);
                total += read;
            }

            if (total != part.Length)
            {
                throw new IOException($"Part {part.Number} changed size on disk.");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void ResetHashLocked()
    {
        hash?.Dispose();
        hash = null;
        hashed.Clear();
        hashStale = false;
    }

    /// <param name="File">Its file name in the parts folder.</param>
    private sealed record StagedPart(int Number, long Sequence, string ETag, long Length, string File);
}
