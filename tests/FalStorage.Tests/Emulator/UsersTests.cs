using System.Net;
using FalStorage.Emulator;
using FalStorage.Emulator.Accounts;
using FalStorage.Tests.Infrastructure;
using static FalStorage.Tests.Emulator.PlatformApi;

namespace FalStorage.Tests.Emulator;

/// <summary>The emulator's users: <c>--user NICKNAME=KEY</c>, <c>--user-permissions</c>, a plain <c>--key</c> as a user
/// of its own, stable ids, and the owner recorded with each object.</summary>
public sealed class UsersTests
{
    [Fact]
    public void Users_and_their_permissions_are_read_from_the_command_line()
    {
        var options = EmulatorOptions.Parse([
            "--user", "alice=alice-id:alice=secret", "--user=bob=bob-key", "--key", "plain-key",
            "--user-permissions", "bob=assets:read,ACCOUNT:SETTINGS:READ", "--user-permissions", "alice=none"]);

        Assert.Equal(
            [new EmulatorUser("alice", "alice-id:alice=secret") { Permissions = KeyPermissions.None }, new EmulatorUser("bob", "bob-key") { Permissions = KeyPermissions.AssetsRead | KeyPermissions.AccountSettingsRead }],
            options.Users);
        Assert.Equal(["plain-key"], options.Keys);
        Assert.Contains("--user <nickname=key>", EmulatorOptions.HelpText);
        Assert.Contains("--user-permissions <nickname=permissions>", EmulatorOptions.HelpText);
    }

    [Theory]
    [InlineData("--user", "alice")]
    [InlineData("--user", "alice=")]
    [InlineData("--user", "=key")]
    [InlineData("--user", "al ice=key")]
    [InlineData("--user", "usr_123=key")]
    [InlineData("--user-permissions", "carol=assets:read")]
    [InlineData("--user-permissions", "alice=assets:delete")]
    [InlineData("--user-permissions", "alice")]
    public void A_bad_user_option_is_refused_with_a_message(string option, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(["--user", "alice=alice-key", option, value]));

        Assert.Contains(option, error.Message);
    }

    [Theory]
    [InlineData("Alice", "other-key")]
    [InlineData("carol", "alice-key")]
    public void Two_users_may_share_neither_a_nickname_nor_a_key(string nickname, string key)
    {
        var options = new EmulatorOptions();
        options.Users.Add(new EmulatorUser("alice", "alice-key"));
        options.Users.Add(new EmulatorUser(nickname, key));

        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Fact]
    public async Task Each_key_is_a_user_with_a_stable_id_and_what_it_uploads_is_its_own_across_a_restart()
    {
        await using var emulator = await StartWithUsersAsync();
        var plainNickname = "key-" + FalStorageEmulator.FingerprintKey(EmulatorFixture.TestKey)[..8];
        Assert.Equal(["alice", "bob", plainNickname], emulator.Emulator.Users.Select(user => user.Nickname));
        Assert.All(emulator.Emulator.Users, user => Assert.Matches("^usr_[0-9a-f]{24}$", user.Id));
        Assert.Equal(FalStorageEmulator.FingerprintKey(AliceKey), emulator.Emulator.User("ALICE").KeyFingerprint);
        var users = emulator.Emulator.Users;
        var alices = await emulator.HttpClient.UploadWithLifecycleAsync(AliceKey, lifecycle: null);
        var plains = await emulator.HttpClient.UploadWithLifecycleAsync(EmulatorFixture.TestKey, lifecycle: null);

        await emulator.RestartAsync();

        Assert.Equal(users, emulator.Emulator.Users);
        var owners = emulator.Emulator.ListObjects().ToDictionary(stored => stored.Id, stored => stored.Owner);
        Assert.Equal(emulator.Emulator.User("alice").Id, owners[alices.Segments[2].TrimEnd('/')]);
        Assert.Equal(emulator.Emulator.User(plainNickname).Id, owners[plains.Segments[2].TrimEnd('/')]);
    }

    [Fact]
    public async Task Without_any_key_or_user_the_development_key_is_a_user()
    {
        var folder = Directory.CreateTempSubdirectory("falstorage-emulator-").FullName;
        try
        {
            await using var emulator = await FalStorageEmulator.StartAsync(new EmulatorOptions { Urls = "http://127.0.0.1:0", DataDirectory = folder });
            var user = Assert.Single(emulator.Users);
            Assert.Equal(FalStorageEmulator.FingerprintKey(FalStorageEmulator.DevelopmentKey), user.KeyFingerprint);
            Assert.Equal(KeyPermissions.All, user.Permissions);
            using var client = new HttpClient { BaseAddress = emulator.BaseAddress };
            Assert.Contains("null", await client.OkAsync(HttpMethod.Get, SettingsPath, FalStorageEmulator.DevelopmentKey));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task With_users_only_the_development_key_is_not_accepted()
    {
        var folder = Directory.CreateTempSubdirectory("falstorage-emulator-").FullName;
        try
        {
            var options = new EmulatorOptions { Urls = "http://127.0.0.1:0", DataDirectory = folder };
            options.Users.Add(new EmulatorUser("alice", AliceKey));
            await using var emulator = await FalStorageEmulator.StartAsync(options);
            using var client = new HttpClient { BaseAddress = emulator.BaseAddress };

            Assert.Equal("alice", Assert.Single(emulator.Users).Nickname);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.CallAsync(HttpMethod.Get, SettingsPath, FalStorageEmulator.DevelopmentKey)).Status);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
