using System.Net;
using FalStorage.Emulator.Accounts;
using FalStorage.Tests.Infrastructure;
using static FalStorage.Tests.Emulator.PlatformApi;

namespace FalStorage.Tests.Emulator;

/// <summary>fal's Platform API under <c>/v1</c>: a file's ACL, signed links, each user's settings, with its key
/// permissions, closed bodies and error shape (<c>{"error": {"type", "message", "request_id"}}</c>, never a 422).</summary>
public sealed class PlatformApiTests : IAsyncLifetime
{
    private const string ReaderKey = "reader-id:reader-secret";

    private EmulatorFixture emulator = null!;

    private HttpClient Http => emulator.HttpClient;

    public async Task InitializeAsync() =>
        emulator = await StartWithUsersAsync(options => options.Users.Add(new EmulatorUser("reader", ReaderKey) { Permissions = KeyPermissions.AssetsRead }));

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    [Fact]
    public async Task A_public_files_acl_reads_as_allow_with_no_rules_and_a_put_replaces_it_whole()
    {
        var fileUrl = await Http.UploadWithLifecycleAsync(AliceKey, lifecycle: null);

        Assert.Equal("""{"default":"allow","rules":[]}""", await Http.OkAsync(HttpMethod.Get, AclPath(fileUrl), AliceKey));
        var applied = await Http.OkAsync(HttpMethod.Put, AclPath(fileUrl), AliceKey, """{"default": "forbid", "rules": [{"user": "bob", "decision": "allow"}, {"user": "ghost", "decision": "allow"}]}""");
        Assert.Equal("""{"default":"forbid","rules":[{"user":"bob","decision":"allow"}]}""", applied);
        Assert.Equal(applied, await Http.OkAsync(HttpMethod.Get, AclPath(fileUrl), AliceKey));

        using (var anonymous = await Http.ReadAsync(fileUrl))
        using (var bob = await Http.ReadAsync(fileUrl, (await Http.GetTokenAsync(BobKey)).Token))
        {
            Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
            Assert.Equal(HttpStatusCode.OK, bob.StatusCode);
        }

        // No merge: a body without rules leaves none.
        Assert.Equal("""{"default":"hide","rules":[]}""", await Http.OkAsync(HttpMethod.Put, AclPath(fileUrl), AliceKey, """{"default": "hide"}"""));
        var bobsId = emulator.Emulator.User("bob").Id;
        Assert.Equal(
            """{"default":"allow","rules":[{"user":"bob","decision":"hide"}]}""",
            await Http.OkAsync(HttpMethod.Put, AclPath(fileUrl), AliceKey, $$"""{"default": "allow", "rules": [{"user": "{{bobsId}}", "decision": "hide"}]}"""));
    }

    [Fact]
    public async Task Only_the_owner_sees_a_file_others_get_the_404_of_a_file_that_is_not_there()
    {
        var fileUrl = await Http.UploadWithLifecycleAsync(AliceKey, lifecycle: null);
        var missing = new Uri(fileUrl, $"/files/{Guid.NewGuid():N}/private.png");
        var renamed = new Uri(fileUrl, fileUrl.AbsolutePath.Replace("private.png", "other.png", StringComparison.Ordinal));

        var unknown = await Http.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Get, AclPath(missing), AliceKey);
        Assert.Equal("not_found", unknown.Type);
        Assert.Equal(unknown, await Http.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Get, AclPath(fileUrl), BobKey));
        Assert.Equal(unknown, await Http.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Get, AclPath(renamed), AliceKey));
        Assert.Equal(unknown, await Http.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Put, AclPath(fileUrl), BobKey, """{"default": "allow"}"""));
        Assert.Equal(unknown, await Http.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Post, SignPath(fileUrl), BobKey, """{"expiration_seconds": 60}"""));
        Assert.Null(Assert.Single(emulator.Emulator.ListObjects()).Acl);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-id:wrong-secret")]
    public async Task Without_an_accepted_key_every_route_is_a_401(string? key)
    {
        var fileUrl = await Http.UploadWithLifecycleAsync(AliceKey, lifecycle: null);
        foreach (var (method, path, body) in Routes(fileUrl))
        {
            var (type, _) = await Http.ErrorAsync(HttpStatusCode.Unauthorized, method, path, key, body);
            Assert.Equal("authorization_error", type);
        }
    }

    [Fact]
    public async Task A_key_without_the_permission_a_route_needs_is_a_403_naming_it()
    {
        var fileUrl = await Http.UploadWithLifecycleAsync(ReaderKey, lifecycle: null);

        await Http.OkAsync(HttpMethod.Get, AclPath(fileUrl), ReaderKey);
        await Http.OkAsync(HttpMethod.Post, SignPath(fileUrl), ReaderKey, """{"expiration_seconds": 60}""");
        (HttpMethod, string, string?, string)[] refused =
        [
            (HttpMethod.Put, AclPath(fileUrl), """{"default": "hide"}""", "assets:write"),
            (HttpMethod.Get, SettingsPath, null, "account:settings:read"),
            (HttpMethod.Put, SettingsPath, "{}", "account:settings:write"),
        ];
        foreach (var (method, path, body, permission) in refused)
        {
            var (type, message) = await Http.ErrorAsync(HttpStatusCode.Forbidden, method, path, ReaderKey, body);
            Assert.Equal("authorization_error", type);
            Assert.Contains(permission, message);
        }
    }

    [Theory]
    [InlineData("""{"default": "allow", "extra": 1}""", "extra")]
    [InlineData("""{"default": "public"}""", "default")]
    [InlineData("""{"rules": []}""", "default")]
    [InlineData("""{"default": "allow", "rules": [{"user": "bob", "decision": "allow", "note": "x"}]}""", "rules[0].note")]
    [InlineData("""{"default": "allow", "rules": [{"user": 7, "decision": "allow"}]}""", "rules[0].user")]
    [InlineData("""{"default": "allow", "rules": [{"user": "\ud800", "decision": "allow"}]}""", "unicode")]
    [InlineData("""{"default": "\ud800"}""", "unicode")]
    [InlineData("""{"\ud800": 1, "default": "allow"}""", "unicode")]
    [InlineData("""["allow"]""", "object")]
    [InlineData("not json", "JSON")]
    [InlineData("", "required")]
    public async Task A_bad_acl_body_is_a_400_validation_error(string body, string named)
    {
        var fileUrl = await Http.UploadWithLifecycleAsync(AliceKey, lifecycle: null);

        var (type, message) = await Http.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Put, AclPath(fileUrl), AliceKey, body);

        Assert.Equal("validation_error", type);
        Assert.Contains(named, message);
    }

    [Theory]
    [InlineData("""{"expiration_seconds": 0}""")]
    [InlineData("""{"expiration_seconds": 604801}""")]
    [InlineData("""{"expiration_seconds": "60"}""")]
    [InlineData("""{"expiration_seconds": 1.5}""")]
    [InlineData("""{}""")]
    [InlineData("""{"expiration_seconds": 60, "scope": ["read"]}""")]
    public async Task A_sign_request_needs_expiration_seconds_from_1_to_604800_and_nothing_else(string body)
    {
        var fileUrl = await Http.UploadWithLifecycleAsync(AliceKey, lifecycle: null);

        Assert.Equal("validation_error", (await Http.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Post, SignPath(fileUrl), AliceKey, body)).Type);
        Assert.Contains("signed_url", await Http.OkAsync(HttpMethod.Post, SignPath(fileUrl), AliceKey, """{"expiration_seconds": 604800}"""));
        Assert.Contains("signed_url", await Http.OkAsync(HttpMethod.Post, SignPath(fileUrl), AliceKey, """{"expiration_seconds": 1}"""));
    }

    [Theory]
    [InlineData("/v1/storage/files/acl")]
    [InlineData("/v1/storage/files/acl?url=")]
    [InlineData("/v1/storage/files/acl?url=not-a-url")]
    [InlineData("/v1/storage/files/acl?url=ftp%3A%2F%2Fexample.com%2Ffiles%2Fx%2Fy")]
    [InlineData("/v1/storage/files/acl?url=http%3A%2F%2F127.0.0.1%2Ffiles%2F00000000000000000000000000000000%2Fa.png%3Fidentity%3Dx")]
    public async Task A_missing_or_malformed_url_is_a_400(string path) =>
        Assert.Equal("validation_error", (await Http.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Get, path, AliceKey)).Type);

    [Fact]
    public async Task Settings_are_per_user_replaced_whole_and_null_when_never_saved()
    {
        const string Nothing = """{"expiration_duration_seconds":null,"initial_acl":null}""";
        Assert.Equal(Nothing, await Http.OkAsync(HttpMethod.Get, SettingsPath, AliceKey));

        var saved = await Http.OkAsync(HttpMethod.Put, SettingsPath, AliceKey, $$$"""
            {"expiration_duration_seconds": 86400, "initial_acl": {"default": "forbid", "rules": [{"user": "{{{emulator.Emulator.User("bob").Id}}}", "decision": "allow"}, {"user": "ghost", "decision": "hide"}]}}
            """);
        Assert.Equal("""{"expiration_duration_seconds":86400,"initial_acl":{"default":"forbid","rules":[{"user":"bob","decision":"allow"}]}}""", saved);
        Assert.Equal(saved, await Http.OkAsync(HttpMethod.Get, SettingsPath, AliceKey));
        Assert.Equal(Nothing, await Http.OkAsync(HttpMethod.Get, SettingsPath, BobKey));

        // Left out or null: back to the default.
        Assert.Equal("""{"expiration_duration_seconds":null,"initial_acl":{"default":"hide","rules":[]}}""",
            await Http.OkAsync(HttpMethod.Put, SettingsPath, AliceKey, """{"initial_acl": {"default": "hide"}}"""));
        Assert.Equal("""{"expiration_duration_seconds":60,"initial_acl":null}""",
            await Http.OkAsync(HttpMethod.Put, SettingsPath, AliceKey, """{"expiration_duration_seconds": 60, "initial_acl": null}"""));
        Assert.Equal(Nothing, await Http.OkAsync(HttpMethod.Put, SettingsPath, AliceKey, "{}"));
    }

    [Theory]
    [InlineData("""{"expiration_duration_seconds": 0}""")]
    [InlineData("""{"expiration_duration_seconds": 3600, "lifetime": 1}""")]
    [InlineData("""{"initial_acl": {"default": "secret"}}""")]
    [InlineData("""{"initial_acl": []}""")]
    [InlineData("""{"initial_acl": {"default": "allow", "rules": [{"user": "\udfff", "decision": "hide"}]}}""")]
    [InlineData("""{"expiration_duration_seconds": 60, "\ud800": null}""")]
    public async Task Bad_settings_are_a_400_and_change_nothing(string body)
    {
        await Http.OkAsync(HttpMethod.Put, SettingsPath, AliceKey, """{"expiration_duration_seconds": 120}""");

        Assert.Equal("validation_error", (await Http.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Put, SettingsPath, AliceKey, body)).Type);
        Assert.Equal("""{"expiration_duration_seconds":120,"initial_acl":null}""", await Http.OkAsync(HttpMethod.Get, SettingsPath, AliceKey));
    }

    [Fact]
    public async Task Acls_and_settings_survive_a_restart_and_so_do_user_ids()
    {
        var fileUrl = await Http.UploadWithLifecycleAsync(AliceKey, lifecycle: null);
        var ids = emulator.Emulator.Users.Select(user => (user.Nickname, user.Id)).ToList();
        await Http.OkAsync(HttpMethod.Put, AclPath(fileUrl), AliceKey, """{"default": "forbid", "rules": [{"user": "bob", "decision": "allow"}]}""");
        await Http.OkAsync(HttpMethod.Put, SettingsPath, BobKey, """{"initial_acl": {"default": "hide"}}""");

        await emulator.RestartAsync();
        var restarted = new Uri(emulator.BaseAddress, fileUrl.PathAndQuery);

        Assert.Equal(ids, emulator.Emulator.Users.Select(user => (user.Nickname, user.Id)).ToList());
        Assert.Equal("""{"default":"forbid","rules":[{"user":"bob","decision":"allow"}]}""", await Http.OkAsync(HttpMethod.Get, AclPath(restarted), AliceKey));
        Assert.Equal("""{"expiration_duration_seconds":null,"initial_acl":{"default":"hide","rules":[]}}""", await Http.OkAsync(HttpMethod.Get, SettingsPath, BobKey));
        Assert.Equal(emulator.Emulator.User("alice").Id, Assert.Single(emulator.Emulator.ListObjects()).Owner);
        using var anonymous = await Http.ReadAsync(restarted);
        Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
    }

    [Fact]
    public async Task Unknown_routes_and_wrong_methods_under_v1_answer_in_the_platform_shape()
    {
        Assert.Equal("not_found", (await Http.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Get, "/v1/storage/files", AliceKey)).Type);
        Assert.Equal("not_implemented", (await Http.ErrorAsync(HttpStatusCode.MethodNotAllowed, HttpMethod.Delete, SettingsPath, AliceKey)).Type);
    }

    private static (HttpMethod Method, string Path, string? Body)[] Routes(Uri fileUrl) =>
    [
        (HttpMethod.Get, AclPath(fileUrl), null),
        (HttpMethod.Put, AclPath(fileUrl), """{"default": "hide"}"""),
        (HttpMethod.Post, SignPath(fileUrl), """{"expiration_seconds": 60}"""),
        (HttpMethod.Get, SettingsPath, null),
        (HttpMethod.Put, SettingsPath, "{}"),
    ];
}
