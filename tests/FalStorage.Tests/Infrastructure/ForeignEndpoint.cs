using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace FalStorage.Tests.Infrastructure;

/// <summary>What a <see cref="ForeignEndpoint"/> answers: a status, a content type and a body.</summary>
public sealed record ForeignAnswer(int Status, string ContentType, string Body);

/// <summary>
/// A web server on loopback that is not the fal Storage API: by default it answers every request with an
/// HTML page, as a captive portal, a proxy's error page or a wrong -Endpoint would; or as it is told to.
/// </summary>
public sealed class ForeignEndpoint : IDisposable
{
    private const string Page = "<!DOCTYPE html><html><body><h1>Welcome</h1><p>Please sign in to continue.</p></body></html>";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<string, ForeignAnswer> _answer;

    public ForeignEndpoint()
        : this(_ => new ForeignAnswer(200, "text/html; charset=utf-8", Page))
    {
    }

    /// <summary>A server that answers each request as <paramref name="answer"/> says, given the request line and headers.</summary>
    public ForeignEndpoint(Func<string, ForeignAnswer> answer)
    {
        _answer = answer;
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

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var request = new StreamReader(stream, Encoding.ASCII);
            var head = new StringBuilder();
            string? line;
            var contentLength = 0;
            while (!string.IsNullOrEmpty(line = await request.ReadLineAsync()))
            {
                head.AppendLine(line);
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    contentLength = int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
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

            var (status, contentType, page) = _answer(head.ToString());
            var answer = $"HTTP/1.1 {status} {ReasonPhrases.GetReasonPhrase(status)}\r\nContent-Type: {contentType}\r\nContent-Length: {Encoding.UTF8.GetByteCount(page)}\r\nConnection: close\r\n\r\n{page}";
            await stream.WriteAsync(Encoding.UTF8.GetBytes(answer));
        }
    }
}
