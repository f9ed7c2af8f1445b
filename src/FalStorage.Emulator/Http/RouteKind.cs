namespace FalStorage.Emulator.Http;

/// <summary>Names an endpoint in the request log, which must not show paths: they carry ids and signatures.</summary>
internal sealed record RouteKind(string Name)
{
    /// <summary>For requests no endpoint took: unknown routes and wrong methods.</summary>
    public static readonly RouteKind Unmatched = new("unmatched");

    public static RouteKind Of(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<RouteKind>() ?? Unmatched;
}

internal static class RouteKindExtensions
{
    public static TBuilder WithRouteKind<TBuilder>(this TBuilder builder, string name)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new RouteKind(name));
}
