namespace FalStorage.HelpCompiler.Metadata;

/// <summary>One parameter set: its parameters, each with how it binds in this set, in the order Get-Command shows them.</summary>
internal sealed record ParameterSetMetadata(string Name, IReadOnlyList<(ParameterMetadata Parameter, ParameterBinding Binding)> Members);
