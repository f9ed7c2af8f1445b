using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace FalStorage.Emulator.Http;

/// <summary>What the emulator does alike with every request body: it counts the limits itself, and it reads and
/// discards what it will not use.</summary>
internal static class RequestBody
{
    /// <summary>Lifts Kestrel's limit: the emulator counts body bytes itself, since Kestrel's limit counts the framing
    /// of a chunked body too, and its exception leaves the rest of the body unreadable.</summary>
    public static void LiftKestrelLimit(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = null;
        }
    }

    /// <summary>Reads and discards up to <paramref name="count"/> bytes of the body, fewer if it ends first.</summary>
    /// <remarks>Read without a cancellation token, as every request body (see BodyWriter.FillAsync).</remarks>
    public static async Task DiscardAsync(HttpContext context, long count)
    {
        LiftKestrelLimit(context);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long total = 0;
            while (total < count)
            {
                var read = await context.Request.Body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count - total)));
                if (read == 0)
                {
                    break;
                }

                total += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
