using System.Net;

namespace FalStorage.Tests.Infrastructure;

/// <summary>A request body of a known length that stops after some bytes until <see cref="Resume"/> (or until the
/// request is cancelled), so a test can look at, cancel or stop the server while a body is half sent.</summary>
public sealed class PausingContent(long length, long pauseAfter, int seed = 7) : HttpContent
{
    private readonly TaskCompletionSource paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the first <c>pauseAfter</c> bytes were handed to the connection.</summary>
    public Task Paused => paused.Task;

    /// <summary>The bytes sent, for comparing with what the server kept.</summary>
    public byte[] Bytes { get; } = Generate(length, seed);

    public void Resume() => resumed.TrySetResult();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var head = (int)Math.Min(pauseAfter, length);
        await stream.WriteAsync(Bytes.AsMemory(0, head), cancellationToken);
        await stream.FlushAsync(cancellationToken);
        paused.TrySetResult();
        await resumed.Task.WaitAsync(cancellationToken);
        await stream.WriteAsync(Bytes.AsMemory(head), cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = Bytes.Length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        Resume();
        base.Dispose(disposing);
    }

    private static byte[] Generate(long length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
