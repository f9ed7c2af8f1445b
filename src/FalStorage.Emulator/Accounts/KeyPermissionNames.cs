namespace FalStorage.Emulator.Accounts;

/// <summary>fal's names of the <see cref="KeyPermissions"/>: <c>assets:read</c>, <c>assets:write</c>,
/// <c>account:settings:read</c>, <c>account:settings:write</c>.</summary>
public static class KeyPermissionNames
{
    private static readonly (KeyPermissions Permission, string Name)[] Names =
    [
        (KeyPermissions.AssetsRead, "assets:read"),
        (KeyPermissions.AssetsWrite, "assets:write"),
        (KeyPermissions.AccountSettingsRead, "account:settings:read"),
        (KeyPermissions.AccountSettingsWrite, "account:settings:write"),
    ];

    /// <summary>The name of one permission, e.g. <c>assets:write</c>.</summary>
    public static string Of(KeyPermissions permission) =>
        Names.First(entry => entry.Permission == permission).Name;

    /// <summary>Reads <c>assets:read,assets:write</c> (comma-separated, case-insensitive; empty or <c>none</c>: no permission).</summary>
    /// <exception cref="ArgumentException">A name that is not a permission.</exception>
    public static KeyPermissions Parse(string list)
    {
        var permissions = KeyPermissions.None;
        foreach (var name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (name.Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var match = Names.FirstOrDefault(entry => entry.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            permissions |= match.Name is not null
                ? match.Permission
                : throw new ArgumentException($"'{name}' is not a key permission ({string.Join(", ", Names.Select(entry => entry.Name))}, or none).");
        }

        return permissions;
    }
}
