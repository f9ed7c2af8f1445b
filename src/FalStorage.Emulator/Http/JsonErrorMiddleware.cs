using FalStorage.Emulator.Storage;

namespace FalStorage.Emulator.Http;

/// <summary>Gives every error a JSON <c>{"detail": ...}</c> body, like fal's API: unknown routes (404), wrong
/// methods (405), bodies over their limit (413), requests Kestrel refuses (400), and unexpected failures (500, logged).
/// After an error answer, it reads what is left of the request body (bounded, see <see cref="RequestDrain"/>), so a
/// client still sending sees the answer rather than a connection reset.</summary>
internal sealed partial class JsonErrorMiddleware(RequestDelegate next, ILogger<JsonErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (context.RequestAborted.IsCancellationRequested || IsConnectionLost(ex))
        {
            // The client went away (e.g. closed the connection mid-upload), or the stop cut the request off: there is
            // no one to answer. Kestrel may not have told RequestAborted yet (it does so on the thread pool).
            LogAborted(logger);
            return;
        }
        catch (BodyTooLargeException ex) when (!context.Response.HasStarted)
        {
            // A JSON body over its limit (uploads answer their own 413, naming their option).
            await ApiErrors.TooLarge(
                context,
                $"The JSON body may have at most {ex.Limit} bytes (--max-json-size; a completion may have more per part).").ExecuteAsync(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            await Error(context, ex.StatusCode, ex.Message).ExecuteAsync(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            LogFailed(logger, ex);
            context.Response.Clear();
            await Error(context, StatusCodes.Status500InternalServerError, null).ExecuteAsync(context);
        }

        // Only bodiless errors, i.e. those that routing produced; endpoints write their own detail.
        var response = context.Response;
        if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && response.ContentType is null)
        {
            await Error(context, response.StatusCode, null).ExecuteAsync(context);
        }

        if (response.StatusCode >= 400 && !context.RequestAborted.IsCancellationRequested)
        {
            await RequestDrain.DrainAsync(context);
        }
    }

    /// <summary>The upload API's <c>{"detail"}</c>, or under <c>/v1</c> the Platform API's <c>{"error"}</c>;
    /// <paramref name="message"/> null: the status's reason phrase.</summary>
    private static IResult Error(HttpContext context, int statusCode, string? message) =>
        PlatformErrors.IsPlatform(context)
            ? PlatformErrors.Error(statusCode, message ?? Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(statusCode))
            : message is null ? ApiErrors.Status(statusCode) : ApiErrors.Detail(statusCode, message);

    /// <summary>Whether a failure means the connection is gone: reset by the client, or aborted by Kestrel (which
    /// throws an OperationCanceledException, as a cancelled token does; nothing else in the emulator cancels).</summary>
    public static bool IsConnectionLost(Exception exception) =>
        exception is Microsoft.AspNetCore.Connections.ConnectionResetException or OperationCanceledException;

    [LoggerMessage(Level = LogLevel.Debug, Message = "The client aborted the request.")]
    private static partial void LogAborted(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "The request failed unexpectedly.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
