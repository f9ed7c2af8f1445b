namespace FalStorage.Emulator.Http;

/// <summary>One validation issue, shaped like FastAPI's (pydantic's) so clients parse both alike.</summary>
/// <param name="Loc">Where: e.g. <c>["body", "file_name"]</c>, or <c>["body", "parts", 0, "etag"]</c> (list indexes are numbers).</param>
internal sealed record ValidationIssue(string Type, IReadOnlyList<object> Loc, string Msg);
