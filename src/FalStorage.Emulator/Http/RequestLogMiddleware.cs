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
            // The line costs a few strings and a lookup: none of it when the log is off.
            if (logger.IsEnabled(LogLevel.Information))
            {
                var route = EndpointInfo.Of(context).Name;
                var status = lifetime.Aborted ? "aborted" : context.Response.StatusCode.ToString(CultureInfo.InvariantCulture);
                var objectId = RequestObject.Of(context) ?? "none";
                var durationMs = Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
                var fault = context.Features.Get<InjectedFault>()?.Name ?? "none";
                LogRequest(logger, context.Request.Method, route, status, objectId, requestBody.Count, responseBody.Count, durationMs, fault);
            }
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
