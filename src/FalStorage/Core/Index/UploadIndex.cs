using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using FalStorage.Core.Credentials;

namespace FalStorage.Core.Index
{
    /// <summary>
    /// The uploads a user has made, by what was sent, so that the same bytes under the same name are not sent again
    /// while the CDN still serves them. One JSON file per user (or the file FAL_UPLOAD_INDEX or -IndexPath names,
    /// which jobs on several machines may share). A command loads it once and saves what it learned at the end:
    /// saving merges with what other runspaces and processes saved meanwhile, under a lock file, and replaces the
    /// file in one rename, so a reader never sees half of it. Holds no key, no token and no signed URL: a key is
    /// known by its id, or by a salted hash. A missing, locked or unreadable index is a warning, not an error; a
    /// damaged one is set aside (<see cref="UploadIndexFile.SetAside"/>), never destroyed. A path that holds anything
    /// else is refused (<see cref="UploadIndexRefusedException"/>) before the lock file (<c>&lt;index&gt;.lock</c>)
    /// is made beside it, and is never changed.
    /// </summary>
    internal sealed class UploadIndex
    {
        public const string PathVariable = "FAL_UPLOAD_INDEX";

        /// <summary>The most entries kept; the oldest go first.</summary>
        public const int DefaultCapacity = 10_000;

        private static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(10);

        private readonly UploadIndexEntries _entries;
        private readonly Dictionary<UploadIndexKey, UploadIndexEntry?> _changes = new Dictionary<UploadIndexKey, UploadIndexEntry?>();
        private readonly int _capacity;
        private readonly TimeSpan _lockTimeout;
        private byte[] _salt;
        private readonly object _gate = new object();

        private UploadIndex(string path, int capacity, TimeSpan lockTimeout, UploadIndexDocument document)
        {
            FilePath = path;
            _capacity = capacity;
            _lockTimeout = lockTimeout;
            _salt = document.Salt;
            _entries = new UploadIndexEntries(document.Entries);
        }

        public string FilePath { get; }

        public int Count
        {
            get { lock (_gate) { return _entries.Count; } }
        }

        /// <summary>FAL_UPLOAD_INDEX when set, else upload-index.json in FalStorage under the local application data folder.</summary>
        public static string DefaultPath(IDictionary environment)
        {
            var named = environment[PathVariable] as string;
            if (!string.IsNullOrWhiteSpace(named))
            {
                return Path.GetFullPath(named!.Trim());
            }

            var localData = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
            return Path.Combine(localData, "FalStorage", "upload-index.json");
        }

        /// <summary>
        /// Reads the index at <paramref name="path"/>; what goes wrong is said in <paramref name="warnings"/>, except a path
        /// that holds no index of the module's, which throws <see cref="UploadIndexRefusedException"/> and is left as it is.
        /// </summary>
        public static UploadIndex Load(string path, ICollection<string> warnings, int capacity = DefaultCapacity, TimeSpan? lockTimeout = null)
        {
            var timeout = lockTimeout ?? DefaultLockTimeout;
            RefuseWhatIsNotAnIndex(path);
            UploadIndexDocument? document = null;
            WithLock(path, timeout, warnings, "read", () =>
            {
                // A new index is written at once, so that runspaces starting together hash keys with the same salt.
                document = ReadDocument(path, warnings);
                if (document == null)
                {
                    document = UploadIndexDocument.Empty();
                    WriteAtomically(path, document.Serialize());
                }
            });
            return new UploadIndex(path, capacity, timeout, document ?? UploadIndexDocument.Empty());
        }

        /// <summary>The account an upload belongs to, without the key: its id when it has one, else a salted hash of it.</summary>
        public string KeyScope(FalCredential credential)
        {
            lock (_gate)
            {
                return credential.Scope(_salt);
            }
        }

        /// <summary>The upload of these bytes under this name, while its URL is live; null when there is none.</summary>
        public UploadIndexEntry? Find(UploadIndexKey key, DateTimeOffset now)
        {
            lock (_gate)
            {
                return _entries.TryGet(key, out var entry) && entry.IsLiveAt(now) ? entry : null;
            }
        }

        /// <summary>
        /// Whether an upload of this length, name and type went to this endpoint with this key: only then is a file
        /// worth hashing before it is sent, since only then can its hash find anything. One lookup, however many
        /// entries the index holds.
        /// </summary>
        public bool HasCandidate(UploadIndexKey key)
        {
            lock (_gate)
            {
                return _entries.HasCandidate(key);
            }
        }

        /// <summary>Remembers an upload (replacing one of the same key) until <see cref="Save"/>.</summary>
        public void Record(UploadIndexEntry entry)
        {
            lock (_gate)
            {
                _entries.Put(entry);
                _changes[entry.Key] = entry;
            }
        }

        /// <summary>
        /// Remembers, until <see cref="Save"/>, the ETag the CDN gives the upload of <paramref name="key"/> (learnt by the
        /// first reuse check's HEAD), so that a later reuse can check that the CDN still serves the same object;
        /// false when the index holds no such upload.
        /// </summary>
        public bool RecordETag(UploadIndexKey key, string etag)
        {
            if (string.IsNullOrEmpty(etag))
            {
                throw new ArgumentException("An ETag is needed: an upload whose ETag is unknown keeps none.", nameof(etag));
            }

            lock (_gate)
            {
                if (!_entries.TryGet(key, out var entry))
                {
                    return false;
                }

                if (entry.ETag != etag)
                {
                    var learnt = entry.WithETag(etag);
                    _entries.Put(learnt);
                    _changes[key] = learnt;
                }

                return true;
            }
        }

        /// <summary>Forgets an upload the CDN no longer serves.</summary>
        public void Forget(UploadIndexKey key)
        {
            lock (_gate)
            {
                _entries.Remove(key);
                _changes[key] = null;
            }
        }

        /// <summary>
        /// Writes what was recorded and forgotten, merged with the file as it is now; true when it was written. The
        /// index then holds what the file holds (what others saved meanwhile, less what expired or went for space),
        /// plus what was recorded or forgotten since the save began.
        /// </summary>
        public bool Save(ICollection<string> warnings, DateTimeOffset now)
        {
            KeyValuePair<UploadIndexKey, UploadIndexEntry?>[] changes;
            lock (_gate)
            {
                if (_changes.Count == 0)
                {
                    return true;
                }

                changes = _changes.ToArray();
                _changes.Clear();
            }

            try
            {
                return SaveMerged(changes, warnings, now);
            }
            catch (UploadIndexRefusedException refused)
            {
                // Something else took the index's place since it was read: it stays as it is.
                warnings.Add($"{refused.Message} What this command uploaded is not remembered.");
                return false;
            }
        }

        private bool SaveMerged(KeyValuePair<UploadIndexKey, UploadIndexEntry?>[] changes, ICollection<string> warnings, DateTimeOffset now)
        {
            return WithLock(FilePath, _lockTimeout, warnings, "saved", () =>
            {
                var current = ReadDocument(FilePath, warnings);
                var merged = new UploadIndexEntries(current?.Entries ?? Enumerable.Empty<UploadIndexEntry>());

                // Another process made the file first: its salt stays, and hashes made with ours would never match.
                var salt = current?.Salt ?? _salt;
                var saltChanged = !salt.SequenceEqual(_salt);
                Apply(merged, changes.Where(c => !saltChanged || !c.Key.KeyScope.StartsWith(FalCredential.HashedScopePrefix, StringComparison.Ordinal)));

                var kept = merged.Values.Where(e => e.IsLiveAt(now)).OrderByDescending(e => e.UploadedAt).Take(_capacity).ToList();
                WriteAtomically(FilePath, new UploadIndexDocument(salt, kept).Serialize());
                lock (_gate)
                {
                    _salt = salt;

                    // What the file now holds, and what was recorded or forgotten while it was being written.
                    _entries.Reset(kept);
                    Apply(_entries, _changes);
                }
            });
        }

        /// <summary>
        /// Empties the index file; returns how many entries it held. Throws <see cref="UploadIndexRefusedException"/>,
        /// changing nothing, when the path holds no index of the module's.
        /// </summary>
        public static int Clear(string path, ICollection<string> warnings, TimeSpan? lockTimeout = null)
        {
            RefuseWhatIsNotAnIndex(path);
            if (!File.Exists(path))
            {
                return 0;
            }

            var count = 0;
            WithLock(path, lockTimeout ?? DefaultLockTimeout, warnings, "cleared", () =>
            {
                var document = ReadDocument(path, warnings);
                if (document != null)
                {
                    count = document.Entries.Count;
                    File.Delete(path);
                }
            });
            return count;
        }

        /// <summary>
        /// Looks before the lock is taken, so that nothing, not even a lock file, is left beside a path that is refused.
        /// A file that cannot be read now is left to the read under the lock, which says so in a warning.
        /// </summary>
        private static void RefuseWhatIsNotAnIndex(string path)
        {
            try
            {
                UploadIndexFile.Read(path, out _);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
            }
        }

        private static void Apply(UploadIndexEntries entries, IEnumerable<KeyValuePair<UploadIndexKey, UploadIndexEntry?>> changes)
        {
            foreach (var change in changes)
            {
                if (change.Value == null)
                {
                    entries.Remove(change.Key);
                }
                else
                {
                    entries.Put(change.Value);
                }
            }
        }

        /// <summary>The index as the file holds it under the lock; null when there is none, or it was damaged and is now set aside.</summary>
        private static UploadIndexDocument? ReadDocument(string path, ICollection<string> warnings)
        {
            var document = UploadIndexFile.Read(path, out var damaged);
            if (damaged)
            {
                var keptAs = UploadIndexFile.SetAside(path, DateTimeOffset.UtcNow);
                warnings.Add($"The upload index '{path}' was damaged and could not be read; it is kept as '{keptAs}', a new index is started, and every file is uploaded this time.");
            }

            return document;
        }

        private static void WriteAtomically(string path, byte[] content)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            try
            {
                File.WriteAllBytes(temporary, content);
                if (File.Exists(path))
                {
                    File.Replace(temporary, path, destinationBackupFileName: null);
                }
                else
                {
                    File.Move(temporary, path);
                }
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
        }

        /// <summary>
        /// Runs <paramref name="action"/> holding the index's lock file (other runspaces and processes wait for it);
        /// false, with a warning, when the lock is not had in time or the file cannot be read or written.
        /// </summary>
        private static bool WithLock(string path, TimeSpan timeout, ICollection<string> warnings, string doing, Action action)
        {
            var deadline = DateTime.UtcNow + timeout;
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                while (true)
                {
                    FileStream? lockFile = null;
                    try
                    {
                        lockFile = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    }
                    catch (IOException) when (DateTime.UtcNow < deadline)
                    {
                        Thread.Sleep(25);
                        continue;
                    }
                    catch (IOException)
                    {
                        warnings.Add($"The upload index '{path}' stayed locked by another process for {timeout.TotalSeconds:0} s, so it was not {doing} this time; uploads are not skipped or recorded until it is free.");
                        return false;
                    }

                    using (lockFile)
                    {
                        action();
                        return true;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                warnings.Add($"The upload index '{path}' could not be {doing} ({ex.Message}); uploads are not skipped or recorded this time. Check the folder's permissions, or name another file with -IndexPath or FAL_UPLOAD_INDEX.");
                return false;
            }
        }

        /// <summary>A new random salt for hashing keys that have no id.</summary>
        internal static byte[] NewSalt()
        {
            var salt = new byte[16];
            using (var random = RandomNumberGenerator.Create())
            {
                random.GetBytes(salt);
            }

            return salt;
        }
    }
}
