namespace FalStorage.Emulator.Access;

/// <summary>Who may read a file from the CDN: <paramref name="Default"/> for anyone no rule names (anonymous readers
/// always), the first rule naming a user for that user. The owner always reads its own files.</summary>
public sealed record ObjectAcl(AclDecision Default, IReadOnlyList<AclRule> Rules)
{
    /// <summary>The decision for a reader (a user id, or null for an anonymous one) who is not the owner.</summary>
    public AclDecision DecisionFor(string? userId) =>
        userId is null ? Default : Rules.FirstOrDefault(rule => rule.User == userId)?.Decision ?? Default;

    /// <summary>Compares the rules too (a record compares its list by reference).</summary>
    public bool SameAs(ObjectAcl? other) =>
        other is not null && Default == other.Default && Rules.SequenceEqual(other.Rules);
}
