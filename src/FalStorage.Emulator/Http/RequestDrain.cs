namespace FalStorage.Emulator.Http;

/// <summary>Reads and discards what is left of a request body before an early error answer (413 above all).</summary>
/// <remarks>A server that answers while the client is still sending, then closes, makes the kernel reset the
/// connection, and on Linux the client then loses the answer and sees only the reset. Reading the rest first (up to
/// a bound, so nobody can make the emulator read gigabytes for nothing) lets ordinary clients see the 413.</remarks>
internal static class RequestDrain
{
    /// <summary>Bodies up to this much over are drained; beyond it the connection is closed and the client may see a reset.</summary>
    public const long MaxDrain = 16 * 1024 * 1024;

    public static async Task DrainAsync(HttpContext context, long max = MaxDrain)
    {
        var request = context.Request;
        if (request.ContentLength is { } length && length > max)
        {
            return;
        }

        if (WaitsForContinue(context))
        {
            return;
        }

        try
        {
            // One byte more than the bound: a body of exactly the bound is read to its end.
            await RequestBody.DiscardAsync(context, max + 1);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // The client went away (the connection was aborted: see CountingStream) or sent garbage (a 400 from Kestrel,
            // which closes the connection after the answer).
        }
    }

    /// <summary>Whether the client holds its body back: it sent <c>Expect: 100-continue</c>, and Kestrel sends
    /// "100 Continue" on the first read of the body, but not once the answer has started. Answered before anything was
    /// read, such a client sends no body (RFC 9110, 10.1.1): reading would wait for it until Kestrel's minimum data
    /// rate gave up, 5 s later, and only then finish the answer.</summary>
    private static bool WaitsForContinue(HttpContext context) =>
        context.Response.HasStarted
        && context.Request.Body is CountingStream { Count: 0 }
        && context.Request.Headers.Expect.Any(value => value is not null && value.Contains("100-continue", StringComparison.OrdinalIgnoreCase));
}
