using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace FalStorage.Emulator.Faults;

/// <summary>The numbers of the requests a <see cref="FaultRule"/> fails (<see cref="FaultRule.FailNth"/>), 1 or more,
/// in ascending order. Adding puts a new set in place at once, so it is safe while requests consult it.</summary>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "Named for what it holds, as options read: FailNth is the request numbers to fail.")]
public sealed class RequestNumbers : IReadOnlyCollection<int>
{
    private readonly FaultRule rule;

    internal RequestNumbers(FaultRule rule) => this.rule = rule;

    public int Count => rule.Current.FailNth.Count;

    /// <summary>Fails request <paramref name="number"/> (1 or more) too.</summary>
    public void Add(int number) => UnionWith([number]);

    /// <summary>Fails these requests too, all added at once; none is added if one is below 1.</summary>
    public void UnionWith(IEnumerable<int> numbers)
    {
        var added = numbers.ToList();
        if (added.Any(number => number < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(numbers), "Request numbers start at 1.");
        }

        rule.Change(settings => settings with { FailNth = settings.FailNth.Union(added) });
    }

    public IEnumerator<int> GetEnumerator() => rule.Current.FailNth.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
