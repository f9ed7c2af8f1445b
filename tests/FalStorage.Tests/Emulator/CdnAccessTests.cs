using System.Globalization;
using System.Net;
using System.Text.Json;
using FalStorage.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using static FalStorage.Tests.Emulator.PlatformApi;

namespace FalStorage.Tests.Emulator;

/// <summary>The CDN enforces a file's ACL on GET and HEAD (Range too): anonymous readers get the default, a CDN token
/// reads as its user, a signed link as the owner until it expires. The clock is the test's.</summary>
public sealed class CdnAccessTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly byte[] Content = [.. Enumerable.Range(0, 100).Select(i => (byte)i)];

    private readonly ManualTimeProvider clock = new(Start);
    private EmulatorFixture emulator = null!;
    private string aliceToken = null!;
    private string bobToken = null!;

    private HttpClient Http => emulator.HttpClient;

    public async Task InitializeAsync()
    {
        emulator = await StartWithUsersAsync(options => options.TimeProvider = clock);
        aliceToken = (await Http.GetTokenAsync(AliceKey)).Token;
        bobToken = (await Http.GetTokenAsync(BobKey)).Token;
    }

    public async Task DisposeAsync() => await emulator.DisposeAsync();

    [Fact]
    public async Task A_forbidden_file_is_403_to_anonymous_readers_and_to_others_and_200_to_its_owner_on_get_head_and_range()
    {
        var fileUrl = await Http.UploadWithLifecycleAsync(AliceKey, """{"initial_acl": {"default": "forbid"}}""", Content);

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
        {
            foreach (var range in new[] { null, "bytes=10-19" })
            {
                using var anonymous = await Http.ReadAsync(fileUrl, method: method, range: range);
                using var bob = await Http.ReadAsync(fileUrl, bobToken, method, range);
                using var alice = await Http.ReadAsync(fileUrl, aliceToken, method, range);
                Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
                Assert.Equal(HttpStatusCode.Forbidden, bob.StatusCode);
                Assert.Equal(range is null ? HttpStatusCode.OK : HttpStatusCode.PartialContent, alice.StatusCode);
                Assert.Equal("private", alice.Headers.CacheControl?.ToString());
                if (method == HttpMethod.Get)
                {
                    Assert.Equal(range is null ? Content : Content[10..20], await alice.Content.ReadAsByteArrayAsync());
                }
            }
        }
    }

    [Fact]
    public async Task A_rule_decides_for_the_user_it_names_and_the_default_for_everyone_else()
    {
        var fileUrl = await Http.UploadWithLifecycleAsync(
            AliceKey, """{"initial_acl": {"default": "hide", "rules": [{"user": "bob", "decision": "allow"}]}}""", Content);
        var carolToken = (await Http.GetTokenAsync(EmulatorFixture.TestKey)).Token;

        using var bob = await Http.ReadAsync(fileUrl, bobToken);
        using var carol = await Http.ReadAsync(fileUrl, carolToken);
        using var anonymous = await Http.ReadAsync(fileUrl);

        Assert.Equal(HttpStatusCode.OK, bob.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, carol.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_hidden_file_answers_exactly_as_a_file_that_is_not_there()
    {
        var hidden = await Http.UploadWithLifecycleAsync(AliceKey, """{"initial_acl": {"default": "hide"}}""", Content);
        var missing = new Uri(hidden, $"/files/{Guid.NewGuid():N}/private.png");

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
        {
            foreach (var (token, range) in new[] { ((string?)null, (string?)null), (bobToken, null), (null, "bytes=0-9"), (bobToken, "bytes=5-") })
            {
                using var toHidden = await Http.ReadAsync(hidden, token, method, range);
                using var toMissing = await Http.ReadAsync(missing, token, method, range);
                Assert.Equal(HttpStatusCode.NotFound, toHidden.StatusCode);
                Assert.Equal(Describe(toMissing), Describe(toHidden));
                Assert.Equal(await toMissing.Content.ReadAsStringAsync(), await toHidden.Content.ReadAsStringAsync());
            }
        }
    }

    [Fact]
    public async Task A_signed_link_reads_a_hidden_file_without_credentials_until_it_expires()
    {
        var fileUrl = await Http.UploadWithLifecycleAsync(AliceKey, """{"initial_acl": {"default": "hide"}}""", Content);
        var link = await SignAsync(fileUrl, AliceKey, 3600);

        Assert.StartsWith(fileUrl.AbsoluteUri + "?identity=" + emulator.Emulator.User("alice").Id + "&expires=", link.AbsoluteUri);
        Assert.Equal(Content, await Http.GetByteArrayAsync(link));
        using (var head = await Http.ReadAsync(link, method: HttpMethod.Head, range: "bytes=1-2"))
        {
            Assert.Equal(HttpStatusCode.PartialContent, head.StatusCode);
        }

        clock.Now = Start.AddSeconds(3599);
        Assert.Equal(Content, await Http.GetByteArrayAsync(link));

        clock.Now = Start.AddSeconds(3600);
        using var expired = await Http.ReadAsync(link);
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.Contains("expired", (await expired.ReadDetailAsync()).GetString());
    }

    [Fact]
    public async Task An_altered_signed_link_is_403_and_so_is_one_moved_to_another_file()
    {
        var fileUrl = await Http.UploadWithLifecycleAsync(AliceKey, """{"initial_acl": {"default": "forbid"}}""", Content);
        var other = await Http.UploadWithLifecycleAsync(AliceKey, """{"initial_acl": {"default": "forbid"}}""", [9]);
        var link = await SignAsync(fileUrl, AliceKey, 60);
        var query = QueryHelpers.ParseQuery(link.Query);
        var (identity, expires, signature) = (query["identity"].ToString(), query["expires"].ToString(), query["signature"].ToString());
        var bob = emulator.Emulator.User("bob").Id;

        string[] altered =
        [
            $"{fileUrl}?identity={bob}&expires={expires}&signature={signature}",
            $"{fileUrl}?identity={identity}&expires={long.Parse(expires, CultureInfo.InvariantCulture) + 3600}&signature={signature}",
            $"{fileUrl}?identity={identity}&expires={expires}&signature={signature[..^2]}AA",
            $"{fileUrl}?identity={identity}&expires={expires}",
            $"{fileUrl}?identity={identity}&expires={expires}&signature={signature}&signature={signature}",
            $"{other}?identity={identity}&expires={expires}&signature={signature}",
            $"{fileUrl}?identity=",
        ];
        foreach (var url in altered)
        {
            using var response = await Http.ReadAsync(new Uri(url));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{url} answered {(int)response.StatusCode}");
            Assert.Contains("signed link", (await response.ReadDetailAsync()).GetString());
        }

        Assert.Equal(Content, await Http.GetByteArrayAsync(link));
    }

    [Fact]
    public async Task A_public_file_reads_with_any_other_query_and_a_bad_link_or_token_is_refused_even_for_it()
    {
        var fileUrl = await Http.UploadWithLifecycleAsync(AliceKey, lifecycle: null, Content);

        Assert.Equal(Content, await Http.GetByteArrayAsync(fileUrl + "?download=1&width=300"));
        using var badLink = await Http.ReadAsync(new Uri(fileUrl + "?identity=usr_x&expires=1&signature=x"));
        using var badToken = await Http.ReadAsync(fileUrl, aliceToken + "x");
        Assert.Equal(HttpStatusCode.Forbidden, badLink.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, badToken.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", badToken.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_fal_key_is_no_credential_on_the_cdn_and_an_expired_token_is_refused()
    {
        var fileUrl = await Http.UploadWithLifecycleAsync(AliceKey, """{"initial_acl": {"default": "forbid"}}""", Content);

        using var request = new HttpRequestMessage(HttpMethod.Get, fileUrl);
        request.Headers.TryAddWithoutValidation("Authorization", $"Key {AliceKey}");
        using var withKey = await Http.SendAsync(request);
        clock.Now = Start.AddDays(1);
        using var expiredToken = await Http.ReadAsync(fileUrl, aliceToken);

        Assert.Equal(HttpStatusCode.Forbidden, withKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expiredToken.StatusCode);
    }

    /// <summary>Status and headers, but the Date (which may tick between the two answers).</summary>
    private static string Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode}\n" + string.Join('\n', response.Headers.Concat(response.Content.Headers)
            .Where(header => header.Key != "Date")
            .OrderBy(header => header.Key, StringComparer.Ordinal)
            .Select(header => $"{header.Key}: {string.Join(", ", header.Value)}"));

    private async Task<Uri> SignAsync(Uri fileUrl, string key, int seconds)
    {
        using var json = JsonDocument.Parse(await Http.OkAsync(HttpMethod.Post, SignPath(fileUrl), key, $$"""{"expiration_seconds": {{seconds}}}"""));
        return new Uri(json.RootElement.GetProperty("signed_url").GetString()!);
    }
}
