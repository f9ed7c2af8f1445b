using System.Net;
using System.Text.Json;
using FalStorage.Emulator.Access;
using FalStorage.Tests.Infrastructure;
using static FalStorage.Tests.Emulator.PlatformApi;

namespace FalStorage.Tests.Emulator;

/// <summary>An ACL on the upload itself (<c>initial_acl</c> in the lifecycle header), on every upload-starting route,
/// and the uploader's settings where the header says nothing.</summary>
public sealed class UploadAclTests : IAsyncLifetime
{
    private EmulatorFixture emulator = null!;

    public static TheoryData<string, string> RoutesAndHeaders
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var route in new[] { "initiate", "initiate-multipart", "token-upload", "token-multipart" })
            {
                data.Add(route, "X-Fal-Object-Lifecycle");
                data.Add(route, "X-Fal-Object-Lifecycle-Preference");
            }

            return data;
        }
    }

    private HttpClient Http => emulator.HttpClient;

    public async Task InitializeAsync() => emulator = await StartWithUsersAsync();

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    /// <summary>The defect of issue 18: a header with only <c>initial_acl</c> (as fal_client and fal-js send it) was a
    /// 422 "Field required" for <c>expiration_duration_seconds</c>.</summary>
    [Theory]
    [MemberData(nameof(RoutesAndHeaders))]
    public async Task An_acl_alone_in_the_lifecycle_header_makes_the_upload_private_on_every_route(string route, string header)
    {
        var fileUrl = await UploadAsync(route, header, """{"initial_acl": {"default": "forbid"}}""", [4, 5, 6]);

        var stored = Assert.Single(emulator.Emulator.ListObjects());
        Assert.Equal(AclDecision.Forbid, stored.Acl!.Default);
        Assert.Empty(stored.Acl.Rules);
        Assert.Null(stored.ExpiresAt);
        Assert.Equal(emulator.Emulator.User("alice").Id, stored.Owner);
        using var anonymous = await Http.ReadAsync(fileUrl);
        Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
        var aliceToken = (await Http.GetTokenAsync(AliceKey)).Token;
        using var owner = await Http.ReadAsync(fileUrl, aliceToken);
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        Assert.Equal([4, 5, 6], await owner.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_lifetime_and_an_acl_together_both_apply()
    {
        var fileUrl = await UploadAsync("initiate", "X-Fal-Object-Lifecycle", """{"expiration_duration_seconds": 600, "initial_acl": {"default": "hide", "rules": []}}""");

        var stored = Assert.Single(emulator.Emulator.ListObjects());
        Assert.Equal(stored.CreatedAt.AddSeconds(600), stored.ExpiresAt);
        Assert.Equal(AclDecision.Hide, stored.Acl!.Default);
        using var anonymous = await Http.ReadAsync(fileUrl);
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
    }

    [Fact]
    public async Task Rules_naming_users_that_do_not_exist_are_dropped_and_the_others_are_kept_by_id()
    {
        var bob = emulator.Emulator.User("bob");
        var rules = $$$"""[{"user": "BOB", "decision": "allow"}, {"user": "nobody", "decision": "allow"}, {"user": "usr_123", "decision": "hide"}, {"user": "{{{bob.Id}}}", "decision": "hide"}]""";
        await UploadAsync("token-upload", "X-Fal-Object-Lifecycle", $$$"""{"initial_acl": {"default": "forbid", "rules": {{{rules}}}}}""");

        var stored = Assert.Single(emulator.Emulator.ListObjects());
        Assert.Equal([new AclRule(bob.Id, AclDecision.Allow), new AclRule(bob.Id, AclDecision.Hide)], stored.Acl!.Rules);
    }

    [Theory]
    [InlineData("""{"initial_acl": {"default": "private"}}""", "enum", "initial_acl,default")]
    [InlineData("""{"initial_acl": {}}""", "missing", "initial_acl,default")]
    [InlineData("""{"initial_acl": "forbid"}""", "model_type", "initial_acl")]
    [InlineData("""{"initial_acl": {"default": "allow", "rules": {"user": "bob"}}}""", "list_type", "initial_acl,rules")]
    [InlineData("""{"initial_acl": {"default": "allow", "rules": [{"decision": "allow"}]}}""", "missing", "initial_acl,rules,0,user")]
    [InlineData("""{"initial_acl": {"default": "allow", "rules": [{"user": "bob", "decision": "ALLOW"}]}}""", "enum", "initial_acl,rules,0,decision")]
    [InlineData("""{"initial_acl": {"default": "allow", "owner": "bob"}}""", "extra_forbidden", "initial_acl,owner")]
    [InlineData("""{"initial_acl": {"default": "\ud800"}}""", "string_unicode", "initial_acl")]
    public async Task A_bad_acl_is_a_422_naming_where_on_every_route(string lifecycle, string type, string where)
    {
        foreach (var route in new[] { "initiate", "initiate-multipart", "token-upload", "token-multipart" })
        {
            using var response = await Http.SendAsync(await StartRequestAsync(route, "X-Fal-Object-Lifecycle", lifecycle));

            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var issue = Assert.Single((await response.ReadDetailAsync()).EnumerateArray());
            Assert.Equal(type, issue.GetProperty("type").GetString());
            Assert.Equal("header,x-fal-object-lifecycle," + where, string.Join(',', issue.GetProperty("loc").EnumerateArray().Select(step => step.ToString())));
        }

        Assert.Empty(emulator.Emulator.ListObjects());
    }

    [Fact]
    public async Task Both_header_names_must_agree_on_the_acl_too()
    {
        using var request = EmulatorHttp.InitiateRequest(AliceKey, EmulatorHttp.InitiateBody("image/png", "a.png"));
        request.Headers.TryAddWithoutValidation("X-Fal-Object-Lifecycle", """{"initial_acl": {"default": "hide"}}""");
        request.Headers.TryAddWithoutValidation("X-Fal-Object-Lifecycle-Preference", """{"initial_acl": {"default": "forbid"}}""");
        using var disagree = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, disagree.StatusCode);

        using var same = EmulatorHttp.InitiateRequest(AliceKey, EmulatorHttp.InitiateBody("image/png", "a.png"));
        same.Headers.TryAddWithoutValidation("X-Fal-Object-Lifecycle", """{"initial_acl":{"default":"hide"}}""");
        same.Headers.TryAddWithoutValidation("X-Fal-Object-Lifecycle-Preference", """{"initial_acl": {"default": "hide", "rules": []}}""");
        using var agree = await Http.SendAsync(same);
        Assert.Equal(HttpStatusCode.OK, agree.StatusCode);
    }

    [Fact]
    public async Task A_users_settings_apply_to_its_later_uploads_only_and_each_header_field_overrides_its_own()
    {
        await Http.OkAsync(HttpMethod.Put, SettingsPath, AliceKey, """{"expiration_duration_seconds": 3600, "initial_acl": {"default": "hide"}}""");

        var plain = await UploadAsync("initiate", "X-Fal-Object-Lifecycle", lifecycle: null);
        var aclOnly = await UploadAsync("token-upload", "X-Fal-Object-Lifecycle", """{"initial_acl": {"default": "forbid"}}""");
        var lifetimeOnly = await UploadAsync("initiate-multipart", "X-Fal-Object-Lifecycle", """{"expiration_duration_seconds": 60}""");
        var bobs = await UploadAsync("token-multipart", "X-Fal-Object-Lifecycle", lifecycle: null, key: BobKey);

        var byUrl = emulator.Emulator.ListObjects().ToDictionary(stored => stored.Id);
        var (a, b, c, d) = (byUrl[Id(plain)], byUrl[Id(aclOnly)], byUrl[Id(lifetimeOnly)], byUrl[Id(bobs)]);
        Assert.Equal((AclDecision.Hide, 3600d), (a.Acl!.Default, (a.ExpiresAt - a.CreatedAt)!.Value.TotalSeconds));
        Assert.Equal((AclDecision.Forbid, 3600d), (b.Acl!.Default, (b.ExpiresAt - b.CreatedAt)!.Value.TotalSeconds));
        Assert.Equal((AclDecision.Hide, 60d), (c.Acl!.Default, (c.ExpiresAt - c.CreatedAt)!.Value.TotalSeconds));
        Assert.Null(d.Acl);
        Assert.Null(d.ExpiresAt);
        using var bobsRead = await Http.ReadAsync(bobs);
        Assert.Equal(HttpStatusCode.OK, bobsRead.StatusCode);
    }

    private static string Id(Uri fileUrl) => fileUrl.Segments[2].TrimEnd('/');

    /// <summary>The request that starts an upload on <paramref name="route"/>, as alice (or <paramref name="key"/>'s user).</summary>
    private async Task<HttpRequestMessage> StartRequestAsync(string route, string header, string? lifecycle, string key = AliceKey, byte[]? bytes = null)
    {
        var grant = route.StartsWith("token", StringComparison.Ordinal) ? await Http.GetTokenAsync(key) : null;
        var request = route switch
        {
            "initiate" => EmulatorHttp.InitiateRequest(key, EmulatorHttp.InitiateBody("image/png", "private.png")),
            "initiate-multipart" => EmulatorHttp.InitiateRequest(key, EmulatorHttp.InitiateBody("image/png", "private.png"), EmulatorHttp.InitiateMultipartPath),
            _ => TokenHttp.UploadRequest(grant!.BaseUrl, grant.Token, route == "token-upload" ? bytes ?? [1] : null, multipart: route == "token-multipart"),
        };
        if (lifecycle is not null)
        {
            request.Headers.TryAddWithoutValidation(header, lifecycle);
        }

        return request;
    }

    /// <summary>Uploads <paramref name="bytes"/> through <paramref name="route"/> to the end (PUT, or a part and the
    /// completion); returns the file URL.</summary>
    private async Task<Uri> UploadAsync(string route, string header, string? lifecycle, byte[]? bytes = null, string key = AliceKey)
    {
        bytes ??= [1, 2, 3];
        using var response = await Http.SendAsync(await StartRequestAsync(route, header, lifecycle, key, bytes));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{route} answered {(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        switch (route)
        {
            case "initiate":
                using (var put = await Http.PutAsync(root.GetProperty("upload_url").GetString(), new ByteArrayContent(bytes)))
                {
                    Assert.Equal(HttpStatusCode.OK, put.StatusCode);
                }

                return new Uri(root.GetProperty("file_url").GetString()!);
            case "initiate-multipart":
                var uploadUrl = new Uri(root.GetProperty("upload_url").GetString()!);
                using (var part = await Http.PutPartAsync(uploadUrl, 1, bytes))
                using (var complete = await Http.CompleteAsync(uploadUrl, [(1, part.Headers.ETag!.ToString())]))
                {
                    Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
                }

                return new Uri(root.GetProperty("file_url").GetString()!);
            case "token-upload":
                return new Uri(root.GetProperty("access_url").GetString()!);
            default:
                var token = (await Http.GetTokenAsync(key)).Token;
                var accessUrl = new Uri(root.GetProperty("access_url").GetString()!);
                var uploadId = root.GetProperty("uploadId").GetString()!;
                using (var part = await Http.PutTokenPartAsync(token, accessUrl, uploadId, 1, bytes))
                using (var complete = await Http.CompleteTokenMultipartAsync(token, accessUrl, uploadId, [(1, part.Headers.ETag!.ToString())]))
                {
                    Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
                }

                return accessUrl;
        }
    }
}
