namespace FalStorage.Emulator.Http;

internal static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(EmulatorRoutes.Health, () => Results.Json(new HealthResponse("ok")))
            .WithEndpointInfo("health");

    private sealed record HealthResponse(string Status);
}
