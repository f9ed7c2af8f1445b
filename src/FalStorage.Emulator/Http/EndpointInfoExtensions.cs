using FalStorage.Emulator.Faults;

namespace FalStorage.Emulator.Http;

internal static class EndpointInfoExtensions
{
    public static TBuilder WithEndpointInfo<TBuilder>(this TBuilder builder, string name, RouteKind? faultKind = null)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new EndpointInfo(name, faultKind));
}
