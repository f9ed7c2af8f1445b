using Microsoft.AspNetCore.WebUtilities;

namespace FalStorage.Emulator.Http;

internal static class ApiErrors
{
    public static IResult Detail(int statusCode, string detail) =>
        Results.Json(new ErrorResponse(detail), statusCode: statusCode);

    /// <summary>The default detail of a status, e.g. "Not Found", as FastAPI gives for unknown routes.</summary>
    public static IResult Status(int statusCode) =>
        Detail(statusCode, ReasonPhrases.GetReasonPhrase(statusCode) is { Length: > 0 } phrase ? phrase : $"HTTP {statusCode}");

    /// <summary>A 413 that closes the connection: the body may not have been read to its end, so the connection
    /// cannot carry another request.</summary>
    public static IResult TooLarge(HttpContext context, string detail)
    {
        context.Response.Headers.Connection = "close";
        return Detail(StatusCodes.Status413PayloadTooLarge, detail);
    }

    public static IResult Validation(params IReadOnlyList<ValidationIssue> issues) =>
        Results.Json(new ErrorResponse(issues), statusCode: StatusCodes.Status422UnprocessableEntity);
}
