namespace FalStorage.Emulator.Accounts;

/// <summary>The permissions of an API key on the Platform API, as fal names them (<c>assets:read</c>, ...).</summary>
[Flags]
public enum KeyPermissions
{
    None = 0,

    /// <summary><c>assets:read</c>: read a file's ACL, sign a file's URL.</summary>
    AssetsRead = 1,

    /// <summary><c>assets:write</c>: replace a file's ACL.</summary>
    AssetsWrite = 2,

    /// <summary><c>account:settings:read</c>: read the account's storage settings.</summary>
    AccountSettingsRead = 4,

    /// <summary><c>account:settings:write</c>: replace the account's storage settings.</summary>
    AccountSettingsWrite = 8,

    All = AssetsRead | AssetsWrite | AccountSettingsRead | AccountSettingsWrite,
}
