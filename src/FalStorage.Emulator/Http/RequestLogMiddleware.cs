using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.Features;

namespace FalStorage.Emulator.Http;

/// <summary>Logs one structured line per request: method, route kind, status (or <c>aborted</c>: the connection broke
/// or was cut, and no status reached the client), the object's id, bytes in and out, duration, and the fault injected,
/// if any.</summary>
/// <remarks>Never the path, query or headers: they carry signatures, tokens and keys (<see cref="RequestObject"/>).</remarks>
internal sealed partial class RequestLogMiddleware(RequestDelegate next, ILoggerFactory loggerFactory)
{
    public const string Category = "FalStorage.Emulator.Requests";

    private readonly ILogger logger = loggerFactory.CreateLogger(Category);

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var requestBody = new CountingStream(context.Request.Body, context.Abort);
        var originalResponseBody = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var responseBody = new CountingResponseBodyFeature(originalResponseBody);
        var lifetime = new RecordedAbort(context.Features.GetRequiredFeature<IHttpRequestLifetimeFeature>());
        context.Request.Body = requestBody;
        context.Features.Set<IHttpResponseBodyFeature>(responseBody);
        context.Features.Set<IHttpRequestLifetimeFeature>(lifetime);
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(originalResponseBody);
            context.Features.Set(lifetime.Inner);
            LogRequest(
                logger,
                context.Request.Method,
                EndpointInfo.Of(context).Name,
                lifetime.Aborted ? "aborted" : context.Response.StatusCode.ToString(CultureInfo.InvariantCulture),
                RequestObject.Of(context) ?? "none",
                requestBody.Count,
                responseBody.Count,
                Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1),
                context.Features.Get<InjectedFault>()?.Name ?? "none");
        }
    }

    [LoggerMessage(
        EventId = 1,
        EventName = "Request",
        Level = LogLevel.Information,
        Message = "request method={Method} route={Route} status={Status} object={ObjectId} bytes_in={BytesIn} bytes_out={BytesOut} duration_ms={DurationMs} fault={Fault}")]
    private static partial void LogRequest(
        ILogger logger, string method, string route, string status, string objectId, long bytesIn, long bytesOut, double durationMs, string fault);
}
