using System.Collections.Concurrent;
using System.Text.Json;
using FalStorage.Emulator.Storage;

namespace FalStorage.Emulator.Accounts;

/// <summary>Each user's <see cref="AccountSettings"/>, on disk in <c>settings/{user id}.json</c> (none: the defaults).</summary>
internal sealed class SettingsStore
{
    private readonly DataFolder folder;
    private readonly ConcurrentDictionary<string, AccountSettings> settings = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public SettingsStore(DataFolder folder)
    {
        this.folder = folder;
        foreach (var path in Directory.EnumerateFiles(folder.Settings, "*.json"))
        {
            try
            {
                if (DataFolder.ReadJson<AccountSettings>(path, ObjectStore.Json) is { } saved)
                {
                    settings[Path.GetFileNameWithoutExtension(path)] = saved;
                }
            }
            catch (JsonException)
            {
                // Damaged by hand: the defaults apply, and the file stays for a person to look at.
            }
        }
    }

    public AccountSettings Get(string userId) => settings.GetValueOrDefault(userId) ?? AccountSettings.Defaults;

    /// <summary>Replaces the user's settings whole (the defaults delete the file).</summary>
    public void Set(string userId, AccountSettings value)
    {
        var path = Path.Combine(folder.Settings, userId + ".json");
        lock (gate)
        {
            if (value == AccountSettings.Defaults)
            {
                DataFolder.DeleteIfExists(path);
                settings.TryRemove(userId, out _);
                return;
            }

            folder.WriteAtomically(path, JsonSerializer.SerializeToUtf8Bytes(value, ObjectStore.Json));
            settings[userId] = value;
        }
    }
}
