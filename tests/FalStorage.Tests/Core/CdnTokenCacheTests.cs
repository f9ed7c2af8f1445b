using System.Net;
using FalStorage.Core.Api;
using FalStorage.Core.Credentials;

namespace FalStorage.Tests.Core;

/// <summary>The session's token: fetched once for all who wait, renewed a little before it expires or after a refusal,
/// and a service without the route remembered; and the token's value never in its ToString().</summary>
public sealed class CdnTokenCacheTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Uri BaseUrl = new("http://127.0.0.1:9/");

    private DateTimeOffset _now = Start;
    private int _fetches;

    [Fact]
    public async Task Requests_waiting_together_share_one_fetch()
    {
        var cache = new CdnTokenCache(() => _now);
        var release = new TaskCompletionSource();

        var waiting = Enumerable.Range(0, 20).Select(_ => cache.GetAsync(async _ => { await release.Task; return Fetched(TimeSpan.FromHours(1)); }, CancellationToken.None)).ToList();
        release.SetResult();
        var tokens = await Task.WhenAll(waiting);

        Assert.Equal(1, _fetches);
        Assert.All(tokens, token => Assert.Same(tokens[0], token));
    }

    [Theory]
    [InlineData(3600, 3540)] // a minute early
    [InlineData(120, 90)] // a quarter of two minutes early
    [InlineData(4, 3)] // a short-lived token: a quarter of its life early
    public async Task A_token_is_renewed_shortly_before_it_expires(int lifetimeSeconds, int renewedAfterSeconds)
    {
        var cache = new CdnTokenCache(() => _now);
        var first = await cache.GetAsync(_ => Task.FromResult(Fetched(TimeSpan.FromSeconds(lifetimeSeconds))), CancellationToken.None);

        _now = Start + TimeSpan.FromSeconds(renewedAfterSeconds) - TimeSpan.FromMilliseconds(1);
        Assert.Same(first, await cache.GetAsync(_ => Task.FromResult(Fetched(TimeSpan.FromSeconds(lifetimeSeconds))), CancellationToken.None));
        _now = Start + TimeSpan.FromSeconds(renewedAfterSeconds);
        Assert.NotSame(first, await cache.GetAsync(_ => Task.FromResult(Fetched(TimeSpan.FromSeconds(lifetimeSeconds))), CancellationToken.None));
        Assert.Equal(2, _fetches);
    }

    [Fact]
    public async Task A_refused_token_is_renewed_once_however_many_requests_report_it()
    {
        var cache = new CdnTokenCache(() => _now);
        var refused = (await cache.GetAsync(_ => Task.FromResult(Fetched(TimeSpan.FromHours(1))), CancellationToken.None))!;
        cache.Refused(refused);
        var renewed = await cache.GetAsync(_ => Task.FromResult(Fetched(TimeSpan.FromHours(1))), CancellationToken.None);

        // Late reports of the old token's refusal leave the new one alone.
        cache.Refused(refused);
        Assert.Same(renewed, await cache.GetAsync(_ => Task.FromResult(Fetched(TimeSpan.FromHours(1))), CancellationToken.None));
        Assert.Equal(2, _fetches);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.MethodNotAllowed)]
    [InlineData(HttpStatusCode.NotImplemented)]
    public async Task A_service_without_the_token_route_is_asked_once(HttpStatusCode status)
    {
        var cache = new CdnTokenCache(() => _now);

        Assert.Null(await cache.GetAsync(Refusing(status), CancellationToken.None));
        Assert.Null(await cache.GetAsync(Refusing(status), CancellationToken.None));
        Assert.Equal(1, _fetches);
        Assert.Equal(status, cache.NotOffered!.StatusCode);
        Assert.Contains("does not offer the CDN token upload", cache.NotOffered.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task Any_other_failure_fails_that_request_and_the_next_asks_again(HttpStatusCode status)
    {
        var cache = new CdnTokenCache(() => _now);

        await Assert.ThrowsAsync<FalApiException>(() => cache.GetAsync(Refusing(status), CancellationToken.None));
        Assert.NotNull(await cache.GetAsync(_ => Task.FromResult(Fetched(TimeSpan.FromHours(1))), CancellationToken.None));
        Assert.Null(cache.NotOffered);
        Assert.Equal(2, _fetches);
    }

    [Fact]
    public void The_token_shows_only_in_its_Authorization_header_value()
    {
        var token = new CdnTokenLease("s3cret-t0ken-value", "Bearer", BaseUrl, Start.AddHours(1), Start);

        Assert.Equal("Bearer s3cret-t0ken-value", token.AuthorizationHeaderValue);
        Assert.DoesNotContain("s3cret", token.ToString());
        Assert.Equal("Invalid token **** given", token.Redact("Invalid token s3cret-t0ken-value given"));
    }

    /// <summary>A fetch the token route answers with <paramref name="status"/>.</summary>
    private Func<CancellationToken, Task<CdnTokenLease>> Refusing(HttpStatusCode status) => _ =>
    {
        Interlocked.Increment(ref _fetches);
        throw new FalApiException(FalOperation.Token, status, null, null, "http://127.0.0.1:9/storage/auth/token");
    };

    private CdnTokenLease Fetched(TimeSpan lifetime)
    {
        Interlocked.Increment(ref _fetches);
        return new CdnTokenLease("token-" + _fetches, "Bearer", BaseUrl, _now + lifetime, _now);
    }
}
