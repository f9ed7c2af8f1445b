using System.Threading;

namespace FalStorage.Core.Downloads
{
    /// <summary>
    /// A span of a file being downloaded and how much of it is written: a retry asks only for the rest
    /// (<see cref="Next"/>), so a dropped connection resumes where it stopped.
    /// </summary>
    internal sealed class ByteRange
    {
        private long _written;
        private long? _end;

        /// <param name="end">The last byte (inclusive); null: to the end of the file, whatever its length.</param>
        public ByteRange(long start, long? end)
        {
            Start = start;
            _end = end;
        }

        public long Start { get; }

        /// <summary>The last byte (inclusive), or null: to the end. One attempt at a time reads and sets it.</summary>
        public long? End => _end;

        /// <summary>The server answered the first range with the whole file (it ignored Range): the range is the file.</summary>
        public void BecomeWholeFile(long? length)
        {
            _end = length - 1;
        }

        /// <summary>The file is shorter than the range asked for: the range ends with it.</summary>
        public void LimitTo(long? length)
        {
            if (length is long total && (_end == null || _end > total - 1))
            {
                _end = total - 1;
            }
        }

        public long Written => Interlocked.Read(ref _written);

        /// <summary>The first byte not yet written.</summary>
        public long Next => Start + Written;

        public bool IsDone => End is long end && Next > end;

        /// <summary>How many bytes are still to come, when the end is known.</summary>
        public long? Remaining => End is long end ? end - Next + 1 : (long?)null;

        public void AddWritten(long count) => Interlocked.Add(ref _written, count);

        /// <summary>The server answered from the start of the file after all (it ignored Range): what was written is written again.</summary>
        public void Restart() => Interlocked.Exchange(ref _written, 0);

        public override string ToString() => End is long end ? $"bytes {Start}-{end}" : $"bytes {Start}-";
    }
}
