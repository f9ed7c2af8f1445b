namespace FalStorage.Tests.Infrastructure;

/// <summary>
/// Tests that run build.ps1 or the Pester suite in a shell process of its own: one at a time, because both build
/// and package the solution, and two builds of one solution at once get in each other's way.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ShellProcessCollection
{
    public const string Name = "Shell processes";
}
