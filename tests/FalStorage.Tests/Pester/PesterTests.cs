using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Pester;

/// <summary>Each Pester test as a test of its own, by its Pester name: it passes, fails or is skipped as it did in Pester.</summary>
[Collection(ShellProcessCollection.Name)]
public sealed class PesterTests : IClassFixture<PesterRunFixture>
{
    private readonly PesterRunFixture _run;

    public PesterTests(PesterRunFixture run) => _run = run;

    public static TheoryData<string> Tests => new(PesterSuite.Discover());

    [SkippableTheory]
    [MemberData(nameof(Tests))]
    public void Pester(string test)
    {
        Assert.True(_run.Outcomes.TryGetValue(test, out var outcome), $"Pester did not report '{test}' (see TestResults/Pester.log)");
        Skip.If(outcome.Result == "Skipped", outcome.Message);
        Assert.True(outcome.Result == "Passed", $"{outcome.Result}: {outcome.Message}");
    }
}
