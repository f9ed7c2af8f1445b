using System.Security.Cryptography;

namespace FalStorage.Emulator.Http;

/// <summary>The errors of the Platform API (<c>/v1</c>), unlike the upload API's <c>{"detail": ...}</c>:
/// <c>{"error": {"type", "message", "request_id"}}</c>, the type following the status.</summary>
internal static class PlatformErrors
{
    public const string PathPrefix = "/v1";

    public static bool IsPlatform(HttpContext context) => context.Request.Path.StartsWithSegments(PathPrefix, StringComparison.Ordinal);

    public static IResult Error(int statusCode, string message) =>
        Results.Json(
            new Dictionary<string, object>
            {
                ["error"] = new Dictionary<string, string>
                {
                    ["type"] = TypeOf(statusCode),
                    ["message"] = message,
                    ["request_id"] = "req_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
                },
            },
            statusCode: statusCode);

    public static IResult Validation(string message) => Error(StatusCodes.Status400BadRequest, message);

    private static string TypeOf(int statusCode) => statusCode switch
    {
        StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden => "authorization_error",
        StatusCodes.Status404NotFound => "not_found",
        StatusCodes.Status405MethodNotAllowed or StatusCodes.Status501NotImplemented => "not_implemented",
        StatusCodes.Status429TooManyRequests => "rate_limited",
        >= 500 => "server_error",
        _ => "validation_error",
    };
}
