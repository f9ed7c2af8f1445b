using FalStorage.Emulator.Storage;

namespace FalStorage.Emulator.Http;

/// <summary>Lets a request for an upload through, holding the upload in use until the request is done (so it is not
/// swept away under a request admitted before it expired); 404 if there is no such upload for this request.</summary>
internal static class UploadAdmission
{
    public static async ValueTask<object?> AdmitAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, UploadSession? session)
    {
        using var lease = session?.TryEnter();
        if (lease is null)
        {
            return ApiErrors.Detail(StatusCodes.Status404NotFound, "Upload not found.");
        }

        context.HttpContext.Features.Set(session);
        return await next(context);
    }
}
