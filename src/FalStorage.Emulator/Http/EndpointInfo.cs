using FalStorage.Emulator.Faults;

namespace FalStorage.Emulator.Http;

/// <summary>Names an endpoint in the request log (which must not show paths: they carry ids and signatures), and the
/// kind of request it is for fault injection (null: never faulted, e.g. /health).</summary>
internal sealed record EndpointInfo(string Name, RouteKind? FaultKind)
{
    /// <summary>For requests no endpoint took: unknown routes and wrong methods.</summary>
    public static readonly EndpointInfo Unmatched = new("unmatched", null);

    public static EndpointInfo Of(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<EndpointInfo>() ?? Unmatched;
}
