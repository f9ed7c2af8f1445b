using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FalStorage.Tests.Infrastructure;

/// <summary>A request a <see cref="FileServer"/> received: its path and the headers a download sends or must not send.</summary>
public sealed record ServedRequest(int Number, string Path, string? Range, string? IfMatch, string? Authorization);

/// <summary>
/// A web server on loopback that is not fal: it answers each GET as a test says (given the request's number, from 1),
/// typically a file with ASP.NET Core's own Range and If-Match handling, and records what it was sent.
/// </summary>
public sealed class FileServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ServedRequest> _requests = new();
    private int _count;

    private FileServer(Func<int, HttpContext, IResult> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Map("/{**path}", (HttpContext context) =>
        {
            var number = Interlocked.Increment(ref _count);
            var headers = context.Request.Headers;
            _requests.Enqueue(new ServedRequest(
                number, context.Request.Path, Header(headers.Range), Header(headers.IfMatch), Header(headers.Authorization)));
            return answer(number, context);
        });
    }

    public Uri Address { get; private set; } = null!;

    public IReadOnlyList<ServedRequest> Requests => [.. _requests.OrderBy(r => r.Number)];

    /// <summary>Starts a server that answers as <paramref name="answer"/> says.</summary>
    public static async Task<FileServer> StartAsync(Func<int, HttpContext, IResult> answer)
    {
        var server = new FileServer(answer);
        await server._app.StartAsync();
        server.Address = new Uri(server._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First() + "/");
        return server;
    }

    /// <summary>The bytes, with a strong ETag, served as a careful server does: Range gives 206, a stale If-Match 412.</summary>
    public static IResult File(byte[] bytes, string etag) =>
        Results.Bytes(bytes, "application/octet-stream", entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue(etag), enableRangeProcessing: true);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static string? Header(Microsoft.Extensions.Primitives.StringValues value) => value.Count == 0 ? null : value.ToString();
}
