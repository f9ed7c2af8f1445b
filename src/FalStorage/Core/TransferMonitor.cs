using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace FalStorage.Core
{
    /// <summary>
    /// What the upload workers tell the cmdlet: counters and messages, written from any thread and
    /// read by the pipeline thread, the only one allowed to write to PowerShell's streams.
    /// </summary>
    internal sealed class TransferMonitor
    {
        private readonly ConcurrentQueue<string> _messages = new ConcurrentQueue<string>();
        private readonly ConcurrentDictionary<MultipartProgress, bool> _multipart = new ConcurrentDictionary<MultipartProgress, bool>();
        private long _bytesSent;
        private long _bytesQueued;
        private int _filesQueued;
        private int _filesFinished;
        private int _nextMultipartId;

        public long BytesSent => Interlocked.Read(ref _bytesSent);

        public long BytesQueued => Interlocked.Read(ref _bytesQueued);

        public int FilesQueued => Volatile.Read(ref _filesQueued);

        public int FilesFinished => Volatile.Read(ref _filesFinished);

        /// <summary>The multipart uploads in flight, for a progress bar each.</summary>
        public ICollection<MultipartProgress> ActiveMultipart => _multipart.Keys;

        public void FileQueued(long length)
        {
            Interlocked.Increment(ref _filesQueued);
            Interlocked.Add(ref _bytesQueued, length);
        }

        public void FileFinished() => Interlocked.Increment(ref _filesFinished);

        /// <summary>Bytes on the wire; negative when a failed attempt's bytes must be sent again.</summary>
        public void AddBytesSent(long count) => Interlocked.Add(ref _bytesSent, count);

        public void Report(string message) => _messages.Enqueue(message);

        public bool TryTakeMessage(out string message) => _messages.TryDequeue(out message);

        public MultipartProgress StartMultipart(string fileName, int partCount)
        {
            var progress = new MultipartProgress(Interlocked.Increment(ref _nextMultipartId), fileName, partCount);
            _multipart[progress] = true;
            return progress;
        }

        public void EndMultipart(MultipartProgress progress) => _multipart.TryRemove(progress, out _);
    }

    /// <summary>One multipart upload's parts, counted as they are accepted.</summary>
    internal sealed class MultipartProgress
    {
        private int _partsDone;

        public MultipartProgress(int id, string fileName, int partCount)
        {
            Id = id;
            FileName = fileName;
            PartCount = partCount;
        }

        public int Id { get; }

        public string FileName { get; }

        public int PartCount { get; }

        public int PartsDone => Volatile.Read(ref _partsDone);

        public void PartDone() => Interlocked.Increment(ref _partsDone);
    }
}
