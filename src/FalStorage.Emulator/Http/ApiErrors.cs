using Microsoft.AspNetCore.WebUtilities;

namespace FalStorage.Emulator.Http;

/// <summary>The error body of fal's API (FastAPI): <c>{"detail": "..."}</c> or <c>{"detail": [issues]}</c>.</summary>
internal sealed record ErrorResponse(object Detail);

/// <summary>One validation issue, shaped like FastAPI's (pydantic's) so clients parse both alike.</summary>
/// <param name="Loc">Where: e.g. <c>["body", "file_name"]</c>, or <c>["body", "parts", 0, "etag"]</c> (list indexes are numbers).</param>
internal sealed record ValidationIssue(string Type, IReadOnlyList<object> Loc, string Msg);

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
