using System.Collections.Generic;

namespace FalStorage.Core.Index
{
    /// <summary>
    /// The uploads an <see cref="UploadIndex"/> holds, by key, and how many of them there are of each length, name,
    /// type, endpoint and key scope, so that asking whether a file is worth hashing costs one lookup, not a pass
    /// over up to <see cref="UploadIndex.DefaultCapacity"/> entries per file. Not thread-safe: the index locks.
    /// </summary>
    internal sealed class UploadIndexEntries
    {
        private readonly Dictionary<UploadIndexKey, UploadIndexEntry> _byKey = new Dictionary<UploadIndexKey, UploadIndexEntry>();

        // Keyed by UploadIndexKey.WithoutSha256(): the candidates, with how many entries each stands for.
        private readonly Dictionary<UploadIndexKey, int> _candidates = new Dictionary<UploadIndexKey, int>();

        public UploadIndexEntries(IEnumerable<UploadIndexEntry> entries)
        {
            Reset(entries);
        }

        public int Count => _byKey.Count;

        public IEnumerable<UploadIndexEntry> Values => _byKey.Values;

        public bool TryGet(UploadIndexKey key, out UploadIndexEntry entry) => _byKey.TryGetValue(key, out entry);

        /// <summary>Whether an entry has <paramref name="key"/>'s length, name, type, endpoint and key scope, whatever its bytes.</summary>
        public bool HasCandidate(UploadIndexKey key) => _candidates.ContainsKey(key.WithoutSha256());

        /// <summary>Adds <paramref name="entry"/>, or replaces the one of the same key.</summary>
        public void Put(UploadIndexEntry entry)
        {
            if (!_byKey.ContainsKey(entry.Key))
            {
                var candidate = entry.Key.WithoutSha256();
                _candidates[candidate] = _candidates.TryGetValue(candidate, out var count) ? count + 1 : 1;
            }

            _byKey[entry.Key] = entry;
        }

        public void Remove(UploadIndexKey key)
        {
            if (!_byKey.Remove(key))
            {
                return;
            }

            var candidate = key.WithoutSha256();
            var count = _candidates[candidate];
            if (count == 1)
            {
                _candidates.Remove(candidate);
            }
            else
            {
                _candidates[candidate] = count - 1;
            }
        }

        /// <summary>Holds <paramref name="entries"/> instead of what it held.</summary>
        public void Reset(IEnumerable<UploadIndexEntry> entries)
        {
            _byKey.Clear();
            _candidates.Clear();
            foreach (var entry in entries)
            {
                Put(entry);
            }
        }
    }
}
