using System.Net;

namespace FalStorage.Emulator.Http;

/// <summary>The emulator's routes and the absolute URLs it hands out for them, kept in one place so they agree.</summary>
internal static class EmulatorRoutes
{
    public const string Initiate = "/storage/upload/initiate";
    public const string InitiateMultipart = "/storage/upload/initiate-multipart";
    public const string Upload = "/uploads/{id}";

    /// <summary>Part N of a multipart upload: <c>{upload_url path}/{N}{upload_url query}</c>, as fal's clients build it.</summary>
    public const string Part = "/uploads/{id}/{partNumber:int}";

    /// <summary>The completion: <c>{upload_url path}/complete{upload_url query}</c>.</summary>
    public const string Complete = "/uploads/{id}/complete";
    public const string File = "/files/{id}/{fileName}";
    public const string Health = "/health";

    /// <summary>The CDN token flow: a token, then uploads straight to <c>base_url</c> (the emulator itself).</summary>
    public const string Token = "/storage/auth/token";
    public const string TokenUpload = "/files/upload";
    public const string TokenMultipart = "/files/upload/multipart";

    /// <summary>Part N of the token flow: <c>{access_url}/multipart/{uploadId}/{N}</c>, as fal's Python client builds it.</summary>
    public const string TokenPart = File + "/multipart/{uploadId}/{partNumber:int}";

    /// <summary>The completion of the token flow: <c>{access_url}/multipart/{uploadId}/complete</c>.</summary>
    public const string TokenComplete = File + "/multipart/{uploadId}/complete";

    /// <summary>The Platform API (fal's <c>https://api.fal.ai/v1</c>): a file's ACL, signed links, the settings.</summary>
    public const string PlatformAcl = "/v1/storage/files/acl";
    public const string PlatformSign = "/v1/storage/files/sign";
    public const string PlatformSettings = "/v1/storage/settings";

    public static string UploadUrl(HttpRequest request, string id, string signedQuery) =>
        $"{BaseUrl(request)}/uploads/{id}{signedQuery}";

    /// <summary>The file name is display only (storage uses the id), so any name is safe once percent-encoded.</summary>
    public static string FileUrl(HttpRequest request, string id, string fileName) =>
        $"{BaseUrl(request)}/files/{id}/{Uri.EscapeDataString(fileName)}";

    /// <summary>The address the request came to, so URLs work for however the client reached the emulator.</summary>
    public static string BaseUrl(HttpRequest request)
    {
        var connection = request.HttpContext.Connection;
        var host = request.Host.HasValue ? request.Host.Value
            : connection.LocalIpAddress is { } address ? new IPEndPoint(address, connection.LocalPort).ToString()
            : "localhost"; // HTTP/1.0 without Host over a non-IP transport: nothing better to go on
        return $"{request.Scheme}://{host}{request.PathBase}";
    }
}
