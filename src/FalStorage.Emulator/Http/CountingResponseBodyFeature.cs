using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace FalStorage.Emulator.Http;

/// <summary>The response body, counted whichever way it is written: stream, pipe or send-file.</summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The counting stream only wraps the response body, which ASP.NET Core owns and disposes.")]
internal sealed class CountingResponseBodyFeature(IHttpResponseBodyFeature inner) : IHttpResponseBodyFeature
{
    private readonly CountingStream stream = new(inner.Stream);
    private readonly CountingPipeWriter writer = new(inner.Writer);
    private long sentFileBytes;

    public long Count => stream.Count + writer.Count + sentFileBytes;

    public Stream Stream => stream;

    public PipeWriter Writer => writer;

    public void DisableBuffering() => inner.DisableBuffering();

    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    public Task CompleteAsync() => inner.CompleteAsync();

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        await inner.SendFileAsync(path, offset, count, cancellationToken);
        sentFileBytes += count ?? new FileInfo(path).Length - offset;
    }
}
