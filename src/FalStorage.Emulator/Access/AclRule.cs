namespace FalStorage.Emulator.Access;

/// <summary>One rule of an <see cref="ObjectAcl"/>: what <paramref name="User"/> gets.</summary>
/// <param name="User">A user id (<c>usr_...</c>) once stored; as sent (a nickname or an id) while being read.</param>
public sealed record AclRule(string User, AclDecision Decision);
