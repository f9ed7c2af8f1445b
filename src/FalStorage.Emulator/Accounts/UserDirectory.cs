using System.Security.Cryptography;
using System.Text;
using FalStorage.Emulator.Access;
using FalStorage.Emulator.Security;
using FalStorage.Emulator.Storage;

namespace FalStorage.Emulator.Accounts;

/// <summary>The users of this emulator: one per <see cref="EmulatorOptions.Users"/> entry, and one per plain key
/// (<see cref="EmulatorOptions.Keys"/>, nicknamed <c>key-</c> and 8 hex digits of its fingerprint).</summary>
/// <remarks>Ids are an HMAC of the nickname under a key derived from the data folder's secret: the same nickname has
/// the same id on every start with that folder, so owners and ACL rules on disk keep naming the right user, and an id
/// reveals nothing of the key.</remarks>
internal sealed class UserDirectory
{
    public const string PlainKeyPrefix = "key-";

    private readonly Dictionary<string, EmulatorAccount> byFingerprint = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EmulatorAccount> byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EmulatorAccount> byNickname = new(StringComparer.OrdinalIgnoreCase);

    public UserDirectory(EmulatorOptions options, byte[] signingKey)
    {
        var idKey = HMACSHA256.HashData(signingKey, "fal-emulator user-id v1"u8);
        var users = options.Users.ToList();
        IEnumerable<string> plainKeys = options.Keys.Count > 0 || users.Count > 0 ? options.Keys : [FalStorageEmulator.DevelopmentKey];
        foreach (var key in plainKeys.Distinct(StringComparer.Ordinal).Where(key => users.All(user => user.Key != key)))
        {
            users.Add(new EmulatorUser(PlainKeyPrefix + KeyAuthenticator.Fingerprint(key)[..8], key));
        }

        foreach (var user in users)
        {
            var id = "usr_" + Convert.ToHexStringLower(HMACSHA256.HashData(idKey, Encoding.UTF8.GetBytes(user.Nickname.ToLowerInvariant())))[..24];
            var account = new EmulatorAccount(id, user.Nickname, user.Permissions, KeyAuthenticator.Fingerprint(user.Key));
            if (!byNickname.TryAdd(user.Nickname, account) || !byFingerprint.TryAdd(account.KeyFingerprint, account))
            {
                throw new ArgumentException($"The user {user.Nickname} is given twice, or its key is another user's too.");
            }

            byId[id] = account;
            Keys.Add(user.Key);
        }
    }

    /// <summary>Every key accepted, one per user.</summary>
    public List<string> Keys { get; } = [];

    public IReadOnlyList<EmulatorAccount> Accounts => [.. byId.Values.OrderBy(account => account.Nickname, StringComparer.OrdinalIgnoreCase)];

    public EmulatorAccount? ByFingerprint(string fingerprint) => byFingerprint.GetValueOrDefault(fingerprint);

    /// <summary>The user a rule names, by id or by nickname (case-insensitive); null for a user that does not exist.</summary>
    public EmulatorAccount? Find(string user) => byId.GetValueOrDefault(user) ?? byNickname.GetValueOrDefault(user);

    /// <summary>The owner's id: recorded with the object, or (for objects stored before owners were) its key's user.</summary>
    public string? OwnerOf(StoredObject stored) => stored.Owner ?? ByFingerprint(stored.KeyFingerprint)?.Id;

    /// <summary>The ACL with every rule naming its user by id; rules naming users that do not exist are dropped.</summary>
    public ObjectAcl Resolve(ObjectAcl acl) =>
        acl with { Rules = [.. acl.Rules.Select(rule => Find(rule.User) is { } user ? rule with { User = user.Id } : null).OfType<AclRule>()] };

    /// <summary>The ACL as answers show it: nicknames where the user is known, else the id.</summary>
    public ObjectAcl Display(ObjectAcl acl) =>
        acl with { Rules = [.. acl.Rules.Select(rule => rule with { User = byId.GetValueOrDefault(rule.User)?.Nickname ?? rule.User })] };
}
