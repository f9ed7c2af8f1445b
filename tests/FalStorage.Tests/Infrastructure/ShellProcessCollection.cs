using System.Diagnostics.CodeAnalysis;
namespace FalStorage.Tests.Infrastructure;

/// <summary>
/// Tests that run build.ps1 or the Pester suite in a shell process of its own: one at a time, because both build
/// and package the solution, and two builds of one solution at once get in each other's way.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "xunit's convention: a [CollectionDefinition] class is named for the collection it defines.")]
[CollectionDefinition(Name)]
public sealed class ShellProcessCollection
{
    public const string Name = "Shell processes";
}
