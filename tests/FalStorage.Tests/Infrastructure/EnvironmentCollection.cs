using System.Diagnostics.CodeAnalysis;
namespace FalStorage.Tests.Infrastructure;

/// <summary>
/// Tests that set or clear FAL_* environment variables: they are process-wide, so these tests
/// run alone, and each puts the variables back as they were.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "xunit's convention: a [CollectionDefinition] class is named for the collection it defines.")]
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "Process environment";
}

/// <summary>Sets environment variables for one test and restores them after.</summary>
public sealed class EnvironmentScope : IDisposable
{
    private static readonly string[] FalVariables = ["FAL_KEY", "FAL_KEY_ID", "FAL_KEY_SECRET", "FAL_REST_HOST", "FAL_UPLOAD_INDEX"];

    private readonly Dictionary<string, string?> _saved = FalVariables.ToDictionary(name => name, Environment.GetEnvironmentVariable);

    /// <summary>Clears every FAL_* variable, then sets the given ones.</summary>
    public EnvironmentScope(params (string Name, string Value)[] variables)
    {
        foreach (var name in FalVariables)
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
