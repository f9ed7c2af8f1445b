using FalStorage.Emulator.Security;
using FalStorage.Emulator.Storage;

namespace FalStorage.Emulator.Http;

/// <summary>Answers 403 unless the URL carries a valid, unexpired signature for its upload id;
/// 404 if the upload is unknown. The signature is the whole credential: no Authorization header is needed.</summary>
internal sealed class SignedUploadFilter(UrlSigner signer, ObjectStore store) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var id = http.GetRouteValue("id") as string ?? "";
        var query = http.Request.Query;
        var check = signer.Verify(id, Single(query[UrlSigner.ExpiresParameter]), Single(query[UrlSigner.SignatureParameter]));
        switch (check)
        {
            case SignatureCheck.Invalid:
                return ApiErrors.Detail(StatusCodes.Status403Forbidden, "Invalid or missing upload URL signature.");
            case SignatureCheck.Expired:
                return ApiErrors.Detail(StatusCodes.Status403Forbidden, "The upload URL has expired. Initiate the upload again.");
        }

        if (store.FindUpload(id) is not { } upload)
        {
            // Signed by us, but its record is gone: the data folder was cleared since.
            return ApiErrors.Detail(StatusCodes.Status404NotFound, "Upload not found.");
        }

        http.Features.Set(upload);
        return await next(context);
    }

    private static string? Single(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 1 ? values[0] : null;
}
