using Microsoft.AspNetCore.Http.Features;

namespace FalStorage.Emulator.Http;

/// <summary>The request's lifetime feature, remembering that the emulator aborted the request (a dropped connection,
/// a body read that broke), for the request log.</summary>
/// <remarks>Kestrel cancels <see cref="HttpContext.RequestAborted"/> on the thread pool, so right after
/// <see cref="HttpContext.Abort"/> the token may not say so yet: the log read it too early and said <c>200</c>.</remarks>
internal sealed class RecordedAbort(IHttpRequestLifetimeFeature inner) : IHttpRequestLifetimeFeature
{
    private int aborted;

    public IHttpRequestLifetimeFeature Inner => inner;

    /// <summary>Whether the request was aborted, by the emulator or (as far as Kestrel has told yet) the connection.</summary>
    public bool Aborted => Volatile.Read(ref aborted) == 1 || inner.RequestAborted.IsCancellationRequested;

    public CancellationToken RequestAborted
    {
        get => inner.RequestAborted;
        set => inner.RequestAborted = value;
    }

    public void Abort()
    {
        Volatile.Write(ref aborted, 1);
        inner.Abort();
    }
}
