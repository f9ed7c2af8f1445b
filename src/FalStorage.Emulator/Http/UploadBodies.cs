using System.Text.Json.Serialization;
using FalStorage.Emulator.Storage;
using Microsoft.Net.Http.Headers;

namespace FalStorage.Emulator.Http;

/// <summary>What the signed-URL flow and the CDN token flow do alike once a request is admitted: stream a single
/// upload into its object, stage a part, complete a multipart upload. Each flow answers in its own words.</summary>
internal static class UploadBodies
{
    /// <summary>Streams the body into the object of <paramref name="upload"/> and sets the object's ETag on the
    /// answer; returns the object, or the 413 to answer instead.</summary>
    public static async Task<(StoredObject? Stored, IResult? Refusal)> StoreSingleAsync(
        HttpContext context, EmulatorLimits limits, PendingUpload upload, CancellationToken cancellationToken)
    {
        var services = context.RequestServices;
        if (LimitBody(context, limits.MaxBodySize, "A single upload", "--max-body-size") is { } tooLarge)
        {
            return (null, tooLarge);
        }

        var temp = services.GetRequiredService<DataFolder>().NewTempPath();
        try
        {
            var (length, sha256) = await BodyWriter.WriteAsync(context.Request.Body, temp, context.Request.ContentLength, limits.MaxBodySize, hash: true, cancellationToken);
            var stored = services.GetRequiredService<ObjectStore>().CommitSingle(upload, temp, length, sha256!);
            context.Response.Headers.ETag = stored.ETag;
            return (stored, null);
        }
        catch (BodyTooLargeException)
        {
            DataFolder.DeleteIfExists(temp);
            return (null, ApiErrors.TooLarge(context, $"A single upload may have at most {limits.MaxBodySize} bytes (--max-body-size); this one has more."));
        }
        catch
        {
            DataFolder.DeleteIfExists(temp);
            throw;
        }
    }

    /// <summary>Stages part <paramref name="partNumber"/>; answers its ETag in the header and in the JSON body.</summary>
    public static async Task<IResult> StagePartAsync(
        HttpContext context, EmulatorLimits limits, MultipartStaging staging, int partNumber, CancellationToken cancellationToken)
    {
        if (partNumber < 1)
        {
            return ApiErrors.Detail(StatusCodes.Status400BadRequest, $"Part numbers start at 1; {partNumber} is not a part number.");
        }

        if (partNumber > limits.MaxParts)
        {
            return ApiErrors.TooLarge(context, $"Part {partNumber} is over the limit of {limits.MaxParts} parts per upload (--max-parts).");
        }

        if (LimitBody(context, limits.MaxPartSize, "A part", "--max-part-size") is { } tooLarge)
        {
            return tooLarge;
        }

        var temp = context.RequestServices.GetRequiredService<DataFolder>().NewTempPath();
        try
        {
            var (length, _) = await BodyWriter.WriteAsync(context.Request.Body, temp, context.Request.ContentLength, limits.MaxPartSize, hash: false, cancellationToken);
            var etag = Quoted(await staging.StageAsync(partNumber, temp, length));

            // fal's JavaScript client reads the ETag from the JSON body, its Python clients from the header.
            context.Response.Headers.ETag = etag;
            return Results.Json(new PartResponse(partNumber, etag));
        }
        catch (BodyTooLargeException)
        {
            DataFolder.DeleteIfExists(temp);
            return ApiErrors.TooLarge(context, $"A part may have at most {limits.MaxPartSize} bytes (--max-part-size); this one has more.");
        }
        catch
        {
            DataFolder.DeleteIfExists(temp);
            throw;
        }
    }

    /// <summary>Reads the completion's parts list and commits the object; <paramref name="answer"/> says what a success answers.</summary>
    public static async Task<IResult> CompleteAsync(HttpContext context, EmulatorLimits limits, MultipartStaging staging, Func<StoredObject, IResult> answer)
    {
        var (listed, issues, count) = await CompleteUploadRequest.ReadAsync(context.Request, limits.MaxCompletionSize, limits.MaxParts);
        if (count > limits.MaxParts)
        {
            return ApiErrors.TooLarge(context, $"The completion lists {count} parts; the limit is {limits.MaxParts} parts per upload (--max-parts).");
        }

        if (listed is null)
        {
            return ApiErrors.Validation(issues);
        }

        // The completion is atomic from here: a client that goes away does not leave half an object behind.
        var result = await staging.CompleteAsync(listed);
        if (result.Object is not { } stored)
        {
            return ApiErrors.Detail(StatusCodes.Status400BadRequest, result.Problem!);
        }

        context.Response.Headers.ETag = stored.ETag;
        return answer(stored);
    }

    /// <summary>Answers 413 when Content-Length already says the body is over the limit. Otherwise the body
    /// is counted as it is written (<see cref="BodyWriter"/>), in body bytes: Kestrel's own limit is lifted, since it
    /// counts the framing of a chunked body too.</summary>
    private static IResult? LimitBody(HttpContext context, long limit, string what, string option)
    {
        if (context.Request.ContentLength is { } length && length > limit)
        {
            return ApiErrors.TooLarge(context, $"{what} may have at most {limit} bytes ({option}); this one has {length}.");
        }

        RequestBody.LiftKestrelLimit(context);
        return null;
    }

    private static string Quoted(string etag) => new EntityTagHeaderValue($"\"{etag}\"").ToString();

    /// <summary>Named as fal's JavaScript client reads it (camelCase, unlike the rest of the API).</summary>
    private sealed record PartResponse(
        [property: JsonPropertyName("partNumber")] int PartNumber,
        [property: JsonPropertyName("etag")] string ETag);
}
