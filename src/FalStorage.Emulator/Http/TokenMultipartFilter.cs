using System.Security.Cryptography;
using System.Text;
using FalStorage.Emulator.Storage;
using Microsoft.AspNetCore.Http.Features;

namespace FalStorage.Emulator.Http;

/// <summary>Finds the multipart upload of the CDN token flow that a part or completion URL names,
/// <c>{access_url}/multipart/{uploadId}/...</c>: the id and file name of the access URL, its uploadId, started with
/// the same key as the token's and still open. Any other is a 404, which tells nothing about other keys' uploads.
/// Runs after <see cref="BearerTokenFilter"/>.</summary>
internal sealed class TokenMultipartFilter(UploadRegistry uploads, TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var caller = http.Features.GetRequiredFeature<AuthenticatedCaller>();
        var session = uploads.Find(http.GetRouteValue("id") as string ?? "");
        var upload = session?.Upload;
        var admitted = upload is { Kind: UploadKind.Multipart, UploadId: { } uploadId }
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(uploadId), Encoding.UTF8.GetBytes(http.GetRouteValue("uploadId") as string ?? ""))
            && upload.FileName == http.GetRouteValue("fileName") as string
            && upload.KeyFingerprint == caller.KeyFingerprint
            && upload.ExpiresAt > time.GetUtcNow();
        return await UploadAdmission.AdmitAsync(context, next, admitted ? session : null);
    }
}
