using System.Threading;

namespace FalStorage.Core.Transfer
{
    /// <summary>One multipart upload's parts, counted as the service answers for them.</summary>
    internal sealed class MultipartProgress : FileProgress
    {
        private int _partsDone;
        private long _bytesTaken;

        public MultipartProgress(int id, string fileName, int? partCount)
            : base(id, fileName)
        {
            PartCount = partCount;
        }

        /// <summary>Null for a stream whose length is known only once it is read.</summary>
        public int? PartCount { get; }

        public int PartsDone => Volatile.Read(ref _partsDone);

        /// <summary>The bytes of the parts done, to take back from the run's count if the upload fails after all.</summary>
        public long BytesTaken => Interlocked.Read(ref _bytesTaken);

        public void PartDone(long length)
        {
            Interlocked.Increment(ref _partsDone);
            Interlocked.Add(ref _bytesTaken, length);
        }
    }
}
