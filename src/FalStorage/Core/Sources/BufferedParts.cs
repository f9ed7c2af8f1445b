using System;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using FalStorage.Core;

namespace FalStorage.Core.Sources
{
    /// <summary>
    /// The parts of a -Content stream, read from it in order into buffers of the part size, so a stream that cannot
    /// seek goes up as it is read. At most <c>maxHeld</c> parts are in memory at once (being sent, or waiting for a
    /// request slot), whatever the stream's length; each is retried from its buffer. Once the stream has ended its
    /// length is told, and its SHA-256 is known when it was asked to hash the bytes as they were read.
    /// </summary>
    [SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "A SemaphoreSlim holds no handle unless its AvailableWaitHandle is read, which this type never does; disposing it while requests in flight may still release it would fail them.")]
    internal sealed class BufferedParts : PartReader
    {
        private readonly Stream _stream;
        private readonly long? _length;
        private readonly int _partSize;
        private readonly string _description;
        private readonly Action<long> _readToEnd;
        private readonly SemaphoreSlim _held;
        private readonly ConcurrentBag<byte[]> _free = new ConcurrentBag<byte[]>();
        private readonly SHA256? _hash;
        private byte[] _prefix;
        private int _prefixOffset;
        private long _read;
        private bool _ended;
        private string? _sha256;

        /// <param name="prefix">Bytes already taken from the stream, which come first.</param>
        /// <param name="length">How many bytes to read, when the stream knows (it can seek); null: to its end.</param>
        public BufferedParts(Stream stream, byte[] prefix, long? length, long partSize, int maxHeld, bool hash, string description, Action<long> readToEnd)
        {
            _hash = hash ? SHA256.Create() : null;
            _stream = stream;
            _prefix = prefix;
            _length = length;
            _partSize = (int)partSize;
            _description = description;
            _readToEnd = readToEnd;
            _held = new SemaphoreSlim(maxHeld);
        }

        public override string? Sha256 => Volatile.Read(ref _sha256);

        public override int? PartCount => _length == null ? (int?)null : (int)((_length.Value + _partSize - 1) / _partSize);

        public override async Task<UploadSlice?> NextAsync(CancellationToken cancellationToken)
        {
            if (_ended)
            {
                return null;
            }

            await _held.WaitAsync(cancellationToken).ConfigureAwait(false);
            var buffer = _free.TryTake(out var reused) ? reused : new byte[_partSize];
            int filled;
            try
            {
                filled = await FillAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                ReturnBuffer(buffer);
                throw;
            }

            if (filled == 0)
            {
                ReturnBuffer(buffer);
                return null;
            }

            return new MemorySlice(buffer, 0, filled);
        }

        public override void Release(UploadSlice part) => ReturnBuffer(((MemorySlice)part).Buffer);

        private void ReturnBuffer(byte[] buffer)
        {
            _free.Add(buffer);
            _held.Release();
        }

        /// <summary>Fills a part from the prefix, then the stream; the part that comes out short, or reaches the known length, is the last.</summary>
        private async Task<int> FillAsync(byte[] buffer, CancellationToken cancellationToken)
        {
            var wanted = _length == null ? buffer.Length : (int)Math.Min(buffer.Length, _length.Value - _read);
            var filled = 0;
            while (filled < wanted)
            {
                int read;
                if (_prefixOffset < _prefix.Length)
                {
                    read = Math.Min(wanted - filled, _prefix.Length - _prefixOffset);
                    Buffer.BlockCopy(_prefix, _prefixOffset, buffer, filled, read);
                    _prefixOffset += read;
                }
                else
                {
                    _prefix = Array.Empty<byte>();
                    _prefixOffset = 0;
                    read = await StreamReads.ReadAsync(_stream, buffer, filled, wanted - filled, _description, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }
                }

                filled += read;
            }

            _hash?.TransformBlock(buffer, 0, filled, null, 0);
            _read += filled;
            if (filled < wanted || _read == _length)
            {
                if (_read < _length)
                {
                    throw StreamReads.EndedEarly(_description, _length.Value, _length.Value - _read);
                }

                _ended = true;
                if (_hash != null)
                {
                    _hash.TransformFinalBlock(buffer, 0, 0);
                    _sha256 = Hex.Encode(_hash.Hash);
                    _hash.Dispose();
                }

                _readToEnd(_read);
            }

            return filled;
        }
    }
}
