namespace FalStorage.Emulator.Http;

/// <summary>The error body of fal's API (FastAPI): <c>{"detail": "..."}</c> or <c>{"detail": [issues]}</c>.</summary>
internal sealed record ErrorResponse(object Detail);
