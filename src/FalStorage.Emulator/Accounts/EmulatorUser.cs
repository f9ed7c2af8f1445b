namespace FalStorage.Emulator.Accounts;

/// <summary>A user of the emulator and its API key (<c>--user NICKNAME=KEY</c>); its id (<c>usr_...</c>) is derived
/// from the nickname and the data folder's secret, so it stays the same across restarts.</summary>
/// <param name="Nickname">The handle ACL rules and answers use: letters, digits, '-' and '_', not starting <c>usr_</c>.</param>
/// <param name="Key">The key accepted as <c>Authorization: Key &lt;key&gt;</c> for this user.</param>
public sealed record EmulatorUser(string Nickname, string Key)
{
    /// <summary>What the key may do on the Platform API (<c>--user-permissions</c>); all by default.</summary>
    public KeyPermissions Permissions { get; init; } = KeyPermissions.All;
}
