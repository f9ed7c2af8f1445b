using FalStorage.Emulator.Security;
using FalStorage.Emulator.Storage;

namespace FalStorage.Emulator.Http;

internal static class SignedUploadFilterExtensions
{
    public static RouteHandlerBuilder RequireUploadSignature(this RouteHandlerBuilder builder, UploadKind kind) =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var services = factory.ApplicationServices;
            var filter = new SignedUploadFilter(kind, services.GetRequiredService<UrlSigner>(), services.GetRequiredService<UploadRegistry>());
            return invocation => filter.InvokeAsync(invocation, next);
        });
}
