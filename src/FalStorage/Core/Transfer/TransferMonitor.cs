using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace FalStorage.Core.Transfer
{
    /// <summary>
    /// What the upload workers tell the cmdlet: counters and messages, written from any thread and
    /// read by the pipeline thread, the only one allowed to write to PowerShell's streams.
    /// </summary>
    internal sealed class TransferMonitor
    {
        private readonly ConcurrentQueue<string> _messages = new ConcurrentQueue<string>();
        private readonly ConcurrentDictionary<MultipartProgress, bool> _multipart = new ConcurrentDictionary<MultipartProgress, bool>();
        private readonly ConcurrentDictionary<VerifyProgress, bool> _verifying = new ConcurrentDictionary<VerifyProgress, bool>();
        private long _bytesTaken;
        private long _bytesInFlight;
        private long _bytesQueued;
        private int _filesQueued;
        private int _filesFinished;
        private int _nextBarId;

        /// <summary>
        /// Bytes the service has taken: their request was answered with success. Bytes written to a connection
        /// are only in flight until then (the socket's buffers hold megabytes), so they do not count here.
        /// </summary>
        public long BytesTaken => Interlocked.Read(ref _bytesTaken);

        /// <summary>Bytes written to requests that the service has not answered yet.</summary>
        public long BytesInFlight => Interlocked.Read(ref _bytesInFlight);

        public long BytesQueued => Interlocked.Read(ref _bytesQueued);

        public int FilesQueued => Volatile.Read(ref _filesQueued);

        public int FilesFinished => Volatile.Read(ref _filesFinished);

        /// <summary>The multipart uploads in flight, for a progress bar each.</summary>
        public ICollection<MultipartProgress> ActiveMultipart => _multipart.Keys;

        /// <summary>The uploads being read back by -Verify, for a progress bar each.</summary>
        public ICollection<VerifyProgress> ActiveVerifications => _verifying.Keys;

        public void FileQueued(long length)
        {
            Interlocked.Increment(ref _filesQueued);
            Interlocked.Add(ref _bytesQueued, length);
        }

        /// <summary>Bytes of a stream of unknown length, counted as they are read.</summary>
        public void AddBytesQueued(long count) => Interlocked.Add(ref _bytesQueued, count);

        public void FileFinished() => Interlocked.Increment(ref _filesFinished);

        /// <summary>The service answered for these bytes; negative when bytes it had taken are thrown away (a multipart upload that failed).</summary>
        public void AddBytesTaken(long count) => Interlocked.Add(ref _bytesTaken, count);

        /// <summary>Bytes written to a request not yet answered; negative once it is answered or has failed.</summary>
        public void AddBytesInFlight(long count) => Interlocked.Add(ref _bytesInFlight, count);

        /// <summary>
        /// A part was answered. Its file's part count goes up before the run's bytes do, and the cmdlet reads
        /// the bytes before the parts, so the overall bar is never seen ahead of the file's own.
        /// </summary>
        public void PartTaken(MultipartProgress progress, long length)
        {
            progress.PartDone(length);
            AddBytesTaken(length);
        }

        public void Report(string message) => _messages.Enqueue(message);

        public bool TryTakeMessage(out string message) => _messages.TryDequeue(out message);

        public MultipartProgress StartMultipart(string fileName, int? partCount)
        {
            var progress = new MultipartProgress(Interlocked.Increment(ref _nextBarId), fileName, partCount);
            _multipart[progress] = true;
            return progress;
        }

        public void EndMultipart(MultipartProgress progress) => _multipart.TryRemove(progress, out _);

        public VerifyProgress StartVerify(string fileName, long length)
        {
            var progress = new VerifyProgress(Interlocked.Increment(ref _nextBarId), fileName, length);
            _verifying[progress] = true;
            return progress;
        }

        public void EndVerify(VerifyProgress progress) => _verifying.TryRemove(progress, out _);
    }
}
