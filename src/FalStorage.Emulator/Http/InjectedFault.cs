namespace FalStorage.Emulator.Http;

/// <summary>What fault injection did to a request, for the request log.</summary>
internal sealed record InjectedFault(string Name);
