using FalStorage.Emulator.Security;
using FalStorage.Emulator.Storage;
using Microsoft.Extensions.Primitives;

namespace FalStorage.Emulator.Http;

/// <summary>Answers 403 unless the URL carries a valid, unexpired signature for its upload id and for this kind of
/// upload (a single upload's URL does not work for parts or completion, nor the reverse); 404 if the upload is unknown.
/// The signature is the whole credential: no Authorization header is needed.</summary>
internal sealed class SignedUploadFilter(UploadKind kind, UrlSigner signer, UploadRegistry uploads) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var id = http.GetRouteValue("id") as string ?? "";
        var query = http.Request.Query;
        var check = signer.Verify(kind, id, Single(query[UrlSigner.ExpiresParameter]), Single(query[UrlSigner.SignatureParameter]));
        switch (check)
        {
            case SignatureCheck.Invalid:
                return ApiErrors.Detail(StatusCodes.Status403Forbidden, kind == UploadKind.Multipart
                    ? "Invalid or missing upload URL signature (or the URL of a single upload used for a part or a completion)."
                    : "Invalid or missing upload URL signature (or the URL of a multipart upload used for a single PUT).");
            case SignatureCheck.Expired:
                return ApiErrors.Detail(StatusCodes.Status403Forbidden, "The upload URL has expired. Initiate the upload again.");
        }

        // Signed by us, yet unknown: the data folder was cleared since.
        var session = uploads.Find(id);
        return await UploadAdmission.AdmitAsync(context, next, session?.Upload.Kind == kind ? session : null);
    }

    private static string? Single(StringValues values) => values.Count == 1 ? values[0] : null;
}
