using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

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

        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (limit is { IsReadOnly: false })
        {
            limit.MaxRequestBodySize = null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long total = 0;
            int read;
            while (total <= max && (read = await request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                total += read;
            }
        }
        catch (Exception ex) when (ex is IOException or BadHttpRequestException or OperationCanceledException)
        {
            // The client went away or sent garbage: the connection is closed after the answer anyway.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
