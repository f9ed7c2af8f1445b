using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

/// <summary>The fuzzer's raw requests: bytes HttpClient would not send, on a connection of their own.</summary>
public sealed partial class FuzzTests
{
    private sealed partial class FuzzLane
    {
        // ---- Raw requests: what HttpClient would not send ----

        /// <returns>The bytes, and whether they end the request: if not (an unfinished chunked body), the sender
        /// half-closes, or the emulator would wait for the rest.</returns>
        private (byte[] Bytes, bool Finished) RawRequest()
        {
            var target = BaseRequest().Target;

            // Half the time a valid initiate body, so an HTTP/1.0 request without Host reaches the building of URLs.
            var body = random.Next(2) == 0 ? Encoding.UTF8.GetBytes(InitiateJson()) : RandomBytes(random.Next(0, 2048));
            var head = random.Next(12) switch
            {
                0 => $"PUT {target} HTTP/9.9\r\nHost: x\r\nContent-Length: {body.Length}\r\n",
                1 => $"GET {target}\r\n",
                2 => $"GET  {target} HTTP/1.1\r\nHost: x\r\n",
                3 => $"GET http://{baseAddress.Authority}{target} HTTP/1.1\r\nHost: x\r\n",
                4 => "CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\n",
                5 => "OPTIONS * HTTP/1.1\r\nHost: x\r\n",
                6 => $"PUT {target} HTTP/1.1\r\nHost: x\r\nContent-Length: {body.Length}\r\nContent-Length: {body.Length + 1}\r\n",
                7 => $"PUT {target} HTTP/1.1\r\nHost: x\r\nContent-Length: {body.Length}\r\nTransfer-Encoding: chunked\r\n",
                8 => $"PUT {target} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: {Pick(["gzip", "chunked, gzip", "identity", "chunked"])}\r\n",
                9 => $"PUT {target} HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\nNo-Colon\r\nContent-Length: {body.Length}\r\n",
                10 => $"POST /storage/upload/initiate HTTP/1.0\r\nAuthorization: Key {EmulatorFixture.TestKey}\r\nContent-Length: {body.Length}\r\n",
                _ => $"PUT {target} HTTP/1.1\r\nHost: x\r\nHost: y\r\nContent-Length: {body.Length + random.Next(-5, 50)}\r\n",
            };
            var bytes = new List<byte>(Encoding.Latin1.GetBytes(head));
            if (random.Next(4) == 0)
            {
                // Bytes no header may hold: control characters, NUL, non-ASCII.
                bytes.AddRange(Encoding.Latin1.GetBytes("X-Junk: "));
                bytes.AddRange(RandomBytes(random.Next(1, 64)));
                bytes.AddRange("\r\n"u8.ToArray());
            }

            bytes.AddRange("Connection: close\r\n\r\n"u8.ToArray());
            var finished = true;
            if (head.Contains("chunked", StringComparison.Ordinal))
            {
                var end = Pick(["\r\n0\r\n\r\n", "\r\n0\r\nTrailer: x\r\n\r\n", "", "\r\n"])!;
                bytes.AddRange(Encoding.Latin1.GetBytes(Pick([$"{body.Length:x}\r\n", "ffffffffffffffff\r\n", "zz\r\n", $"{body.Length:x};ext=\"\r\n", ""])!));
                bytes.AddRange(body);
                bytes.AddRange(Encoding.Latin1.GetBytes(end));
                finished = end.EndsWith("\r\n\r\n", StringComparison.Ordinal);
            }
            else
            {
                bytes.AddRange(body);
            }

            return ([.. bytes], finished);
        }

        /// <summary>Sends the bytes and reads until the emulator closes the connection (every raw request asks it to).
        /// A half-close only for unfinished requests: Kestrel takes it for the client going away, and may not answer.</summary>
        private async Task SendRawAsync(int index, byte[] request, bool finished)
        {
            Report.Requests++;
            Report.Raw++;
            var requestLine = Encoding.Latin1.GetString(request).Split("\r\n")[0];
            var description = $"lane {lane} #{index} raw: {Shorten(requestLine)}";
            var otherVersion = !OneOneOrOneZero().IsMatch(requestLine);
            var stopwatch = Stopwatch.StartNew();
            string answer;
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port);
                var stream = tcp.GetStream();
                await stream.WriteAsync(request);
                if (!finished)
                {
                    tcp.Client.Shutdown(SocketShutdown.Send);
                }

                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                using var reader = new StreamReader(stream, Encoding.Latin1);
                answer = await reader.ReadToEndAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Report.Violations.Add("no answer within 30 s: " + description + RawBytes(request));
                return;
            }
            catch (IOException)
            {
                Report.ClientErrors++;
                return;
            }

            // Every status line, in case the bytes held more than one request; 1xx are interim.
            var statuses = StatusLinePattern().Matches(answer).Select(match => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)).Where(status => status >= 200).ToList();
            if (statuses.Count == 0)
            {
                Report.ClientErrors++;
            }

            foreach (var status in statuses)
            {
                Report.Record(status, description, stopwatch.Elapsed, otherVersion, () => RawBytes(request));
            }
        }

        private static string RawBytes(byte[] request) => $"\n  bytes sent on a connection of its own:\n{WireConnection.Render(request)}";
    }
}
