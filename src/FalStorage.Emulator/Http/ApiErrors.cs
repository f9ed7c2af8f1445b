using Microsoft.AspNetCore.WebUtilities;

namespace FalStorage.Emulator.Http;

internal static class ApiErrors
{
    public static IResult Detail(int statusCode, string detail) =>
        Results.Json(new ErrorResponse(detail), statusCode: statusCode);

    /// <summary>The default detail of a status, e.g. "Not Found", as FastAPI gives for unknown routes.</summary>
    public static IResult Status(int statusCode) =>
        Detail(statusCode, ReasonPhrases.GetReasonPhrase(statusCode) is { Length: > 0 } phrase ? phrase : $"HTTP {statusCode}");

    public static IResult Validation(params IReadOnlyList<ValidationIssue> issues) =>
        Results.Json(new ErrorResponse(issues), statusCode: StatusCodes.Status422UnprocessableEntity);
}
