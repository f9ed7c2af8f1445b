using FalStorage.Emulator.Faults;
using Microsoft.AspNetCore.Http.Features;

namespace FalStorage.Emulator.Http;

/// <summary>Injects the faults of <see cref="FaultInjection"/> into the requests of the kinds it targets, before
/// anything else happens to them (as a load balancer or proxy in front of the service would).</summary>
internal sealed partial class FaultInjectionMiddleware(RequestDelegate next, FaultInjection faults, EmulatorLimits limits, ILogger<FaultInjectionMiddleware> logger)
{
    /// <summary>How much of a request body of unknown length is read before the connection is dropped.</summary>
    private const int DropAfterUnknownLength = 64 * 1024;

    /// <summary>fal's words for a locked account, as reported (third-party), then the emulator's own.</summary>
    private const string AccountLockedDetail = "User is locked. Reason: Exhausted balance (injected by the emulator's fault injection).";

    private int announced;

    public async Task InvokeAsync(HttpContext context)
    {
        if (EndpointInfo.Of(context).FaultKind is not { } kind)
        {
            await next(context);
            return;
        }

        var decision = faults.Decide(kind);
        if (decision.Latency > TimeSpan.Zero)
        {
            await Task.Delay(decision.Latency, context.RequestAborted);
        }

        if (decision.Action is not { } action)
        {
            await next(context);
            return;
        }

        if (Interlocked.Exchange(ref announced, 1) == 0)
        {
            LogFirstFault(logger, faults.ToString());
        }

        switch (action)
        {
            case FaultAction.Drop:
                context.Features.Set(new InjectedFault("drop"));
                if (kind == RouteKind.Cdn)
                {
                    await DropResponseMidBodyAsync(context);
                }
                else
                {
                    await DropRequestMidBodyAsync(context);
                }

                return;
            case FaultAction.RateLimit:
                context.Features.Set(new InjectedFault("429"));
                await DrainAsync(context, kind);
                context.Response.Headers.RetryAfter = decision.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Answer(kind, StatusCodes.Status429TooManyRequests, "Too many requests (injected by the emulator's fault injection). Retry after the Retry-After delay.")
                    .ExecuteAsync(context);
                return;
            case FaultAction.AccountLocked:
                context.Features.Set(new InjectedFault("locked"));
                await DrainAsync(context, kind);
                await Answer(kind, StatusCodes.Status403Forbidden, AccountLockedDetail).ExecuteAsync(context);
                return;
            default:
                context.Features.Set(new InjectedFault("error"));
                await DrainAsync(context, kind);
                await Answer(kind, decision.Status, $"Server error {decision.Status} (injected by the emulator's fault injection).").ExecuteAsync(context);
                return;
        }
    }

    /// <summary>An error in the words of the API the kind belongs to: the Platform API's, or the upload API's.</summary>
    private static IResult Answer(RouteKind kind, int statusCode, string message) =>
        kind == RouteKind.Platform ? PlatformErrors.Error(statusCode, message) : ApiErrors.Detail(statusCode, message);

    /// <summary>Reads the body before answering, as a proxy would, so the client sees the answer rather than a
    /// connection reset while it is still sending. Up to the kind's own body limit.</summary>
    private Task DrainAsync(HttpContext context, RouteKind kind) => RequestDrain.DrainAsync(context, kind switch
    {
        RouteKind.Put or RouteKind.TokenUpload => limits.MaxBodySize,
        RouteKind.Part or RouteKind.TokenPart => limits.MaxPartSize,
        RouteKind.Complete or RouteKind.TokenComplete => limits.MaxCompletionSize,
        _ => limits.MaxJsonSize,
    });

    /// <summary>Reads part of the request body (half of its Content-Length), then closes the connection unanswered.</summary>
    private static async Task DropRequestMidBodyAsync(HttpContext context)
    {
        var length = context.Request.ContentLength;
        await RequestBody.DiscardAsync(context, length is { } known ? known / 2 : DropAfterUnknownLength);
        context.Abort();
    }

    /// <summary>Sends the headers and part of the response body (half of it), then closes the connection.</summary>
    private async Task DropResponseMidBodyAsync(HttpContext context)
    {
        var original = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var dropping = new DroppingResponseStream(context, original.Stream);
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(dropping, original));
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (dropping.Dropped)
        {
        }
        finally
        {
            context.Features.Set(original);
        }

        // Nothing was written (HEAD, 304, an empty object): drop before the response ends.
        context.Abort();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fault injection is injecting its first fault: {Faults}")]
    private static partial void LogFirstFault(ILogger logger, string faults);

    /// <summary>Lets half of the response body through (all of it up to 1 byte), then aborts the connection.</summary>
    private sealed class DroppingResponseStream(HttpContext context, Stream inner) : Stream
    {
        private long written;

        public bool Dropped { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) =>
            WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var limit = (context.Response.ContentLength ?? 0) / 2;
            var allowed = (int)Math.Clamp(limit - written, 0, buffer.Length);
            if (allowed > 0)
            {
                await inner.WriteAsync(buffer[..allowed], cancellationToken);
                written += allowed;
            }

            if (allowed < buffer.Length)
            {
                await inner.FlushAsync(cancellationToken);
                Dropped = true;
                context.Abort();
                throw new OperationCanceledException("The connection was dropped by fault injection.");
            }
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
