namespace FalStorage.Emulator.Http;

/// <summary>Gives every error a JSON <c>{"detail": ...}</c> body, like fal's API: unknown routes (404), wrong
/// methods (405), requests Kestrel refuses (e.g. 413), and unexpected failures (500, logged).</summary>
internal sealed partial class JsonErrorMiddleware(RequestDelegate next, ILogger<JsonErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (e.g. closed the connection mid-upload): there is no one to answer.
            LogAborted(logger);
            return;
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            await ApiErrors.Detail(ex.StatusCode, ex.Message).ExecuteAsync(context);
            return;
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            LogFailed(logger, ex);
            context.Response.Clear();
            await ApiErrors.Status(StatusCodes.Status500InternalServerError).ExecuteAsync(context);
            return;
        }

        // Only bodiless errors, i.e. those that routing produced; endpoints write their own detail.
        var response = context.Response;
        if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && response.ContentType is null)
        {
            await ApiErrors.Status(response.StatusCode).ExecuteAsync(context);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The client aborted the request.")]
    private static partial void LogAborted(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "The request failed unexpectedly.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
