using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FalStorage.Tests.Infrastructure;

/// <summary>
/// A web server on loopback that is not the fal Storage API: it answers every request with an HTML
/// page, as a captive portal, a proxy's error page or a wrong -Endpoint would.
/// </summary>
public sealed class ForeignEndpoint : IDisposable
{
    private const string Page = "<!DOCTYPE html><html><body><h1>Welcome</h1><p>Please sign in to continue.</p></body></html>";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public ForeignEndpoint()
    {
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _ = AcceptAsync();
    }

    public Uri Address { get; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is SocketException || ex is ObjectDisposedException)
            {
                return;
            }

            _ = AnswerAsync(client);
        }
    }

    private static async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var request = new StreamReader(stream, Encoding.ASCII);
            string? line;
            var contentLength = 0;
            while (!string.IsNullOrEmpty(line = await request.ReadLineAsync()))
            {
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    contentLength = int.Parse(line["Content-Length:".Length..].Trim());
                }
            }

            // Read the body (the reader may have buffered part of it) so the client sees a clean answer.
            var body = new char[contentLength];
            for (var read = 0; read < contentLength;)
            {
                var n = await request.ReadAsync(body, read, contentLength - read);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            var answer = $"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {Encoding.UTF8.GetByteCount(Page)}\r\nConnection: close\r\n\r\n{Page}";
            await stream.WriteAsync(Encoding.UTF8.GetBytes(answer));
        }
    }
}
