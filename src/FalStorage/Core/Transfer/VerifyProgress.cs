using System.Threading;

namespace FalStorage.Core.Transfer
{
    /// <summary>-Verify reading one upload back from the CDN: a phase of its own, with its own bytes.</summary>
    internal sealed class VerifyProgress : FileProgress
    {
        private long _bytesRead;

        public VerifyProgress(int id, string fileName, long length)
            : base(id, fileName)
        {
            Length = length;
        }

        public long Length { get; }

        public long BytesRead => Interlocked.Read(ref _bytesRead);

        public void AddBytesRead(long count) => Interlocked.Add(ref _bytesRead, count);

        /// <summary>A retried read starts from the first byte again.</summary>
        public void Restart() => Interlocked.Exchange(ref _bytesRead, 0);
    }
}
