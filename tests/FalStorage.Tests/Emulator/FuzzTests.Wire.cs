using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace FalStorage.Tests.Emulator;

/// <summary>The exact bytes the fuzzer's HttpClient put on each connection, so that a violation shows what reached
/// Kestrel: the request's own bytes, and those of the requests before it on the same connection.</summary>
public sealed partial class FuzzTests
{
    /// <summary>A connection of the fuzzer's HttpClient, which records what is written to it, request by request.</summary>
    /// <remarks>The request a write belongs to is the one whose <see cref="HttpClient.SendAsync(HttpRequestMessage)"/>
    /// call made it (<see cref="Sending"/>, which flows with the call). Only the last few requests of a connection are
    /// kept, so the memory stays bounded however long the run.</remarks>
    private sealed class WireConnection(NetworkStream inner, int number) : Stream
    {
        /// <summary>The description of the request that the current async flow is sending.</summary>
        public static readonly AsyncLocal<WireRequest?> Sending = new();

        private const int RequestsKept = 3;

        private static int connections;

        private readonly Lock gate = new();
        private readonly List<(string Request, MemoryStream Bytes)> transcript = [];

        public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new WireConnection(new NetworkStream(socket, ownsSocket: true), Interlocked.Increment(ref connections));
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        /// <summary>What this connection carried, oldest first: each request's description and bytes.</summary>
        public string Transcript()
        {
            lock (gate)
            {
                return string.Concat(transcript.Select(segment => $"\n  connection {number}, bytes of {segment.Request}:\n{Render(segment.Bytes.ToArray())}"));
            }
        }

        /// <summary>Bytes as text: printable ASCII as is, CR and LF as <c>\r</c> and <c>\n</c> (with a line break), the
        /// rest as <c>\xNN</c>; a long body is cut in its middle, with the number of bytes left out.</summary>
        public static string Render(byte[] bytes)
        {
            const int Head = 2048, Tail = 256;
            var shown = bytes.Length <= Head + Tail ? bytes : [.. bytes[..Head], .. bytes[^Tail..]];
            var text = new StringBuilder("    ");
            for (var i = 0; i < shown.Length; i++)
            {
                if (bytes.Length > Head + Tail && i == Head)
                {
                    text.Append(CultureInfo.InvariantCulture, $"[... {bytes.Length - Head - Tail} bytes ...]");
                }

                text.Append(shown[i] switch
                {
                    (byte)'\r' => "\\r",
                    (byte)'\n' => "\\n\n    ",
                    (byte)'\\' => "\\\\",
                    >= 0x20 and < 0x7f => ((char)shown[i]).ToString(),
                    var other => $"\\x{other:X2}",
                });
            }

            return text.ToString();
        }

        private void Record(ReadOnlySpan<byte> bytes)
        {
            var request = Sending.Value;
            if (request is not null)
            {
                request.Connection = this;
            }

            var name = request?.Description ?? "no request (written outside a SendAsync)";
            lock (gate)
            {
                if (transcript.Count == 0 || !ReferenceEquals(transcript[^1].Request, name))
                {
                    transcript.Add((name, new MemoryStream()));
                    if (transcript.Count > RequestsKept)
                    {
                        transcript.RemoveAt(0);
                    }
                }

                transcript[^1].Bytes.Write(bytes);
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Record(buffer);
            inner.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Record(buffer.Span);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override bool CanRead => true;

        public override bool CanWrite => true;

        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }

    /// <summary>A request being sent through HttpClient: its description, and the connection it went out on.</summary>
    private sealed class WireRequest(string description)
    {
        public string Description => description;

        public WireConnection? Connection { get; set; }

        /// <summary>What the connection carried up to this request, or why there is nothing to show.</summary>
        public string Transcript() => Connection?.Transcript() ?? "\n  (no bytes were written for it)";
    }
}
