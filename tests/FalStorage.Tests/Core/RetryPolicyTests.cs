using System.Net;
using FalStorage.Core.Api;
using FalStorage.Core.Http;
using FalStorage.Core.Sources;
using FalStorage.Core.Transfer;

namespace FalStorage.Tests.Core;

public sealed class RetryPolicyTests
{
    private readonly RetryPolicy _policy = new(maxRetries: 5, baseDelay: TimeSpan.FromMilliseconds(100));

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public void Statuses_that_may_pass_are_retried(int status)
    {
        Assert.True(_policy.TryGetDelay(Api(status), 0, out _));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(413)]
    [InlineData(422)]
    public void Other_client_errors_fail_at_once(int status)
    {
        Assert.False(_policy.TryGetDelay(Api(status), 0, out _));
    }

    [Fact]
    public void Lost_connections_and_stalls_are_retried_but_a_foreign_answer_is_not()
    {
        Assert.True(_policy.TryGetDelay(new FalTransportException(TransportFailure.Unreachable, "refused"), 0, out _));
        Assert.True(_policy.TryGetDelay(new FalTransportException(TransportFailure.TimedOut, "stalled"), 0, out _));
        Assert.False(_policy.TryGetDelay(new FalTransportException(TransportFailure.UnexpectedResponse, "html"), 0, out _));
        Assert.False(_policy.TryGetDelay(new SourceReadException("changed", fromContent: false), 0, out _));
    }

    [Fact]
    public void Backoff_doubles_with_jitter_and_is_capped()
    {
        for (var retry = 0; retry < 4; retry++)
        {
            _policy.TryGetDelay(Api(503), retry, out var delay);
            var ceiling = 100 * Math.Pow(2, retry);
            Assert.InRange(delay.TotalMilliseconds, ceiling / 2, ceiling);
        }

        _policy.TryGetDelay(Api(503), 30, out var capped);
        Assert.InRange(capped, TimeSpan.FromSeconds(15), RetryPolicy.MaxDelay);
    }

    [Fact]
    public void Retry_After_is_honoured_up_to_a_minute()
    {
        Assert.True(_policy.TryGetDelay(Api(429, TimeSpan.FromSeconds(7)), 0, out var asked));
        Assert.Equal(TimeSpan.FromSeconds(7), asked);

        Assert.False(_policy.TryGetDelay(Api(429, TimeSpan.FromMinutes(10)), 0, out _));
    }

    [Fact]
    public async Task Retries_until_success_reporting_each_retry()
    {
        var attempts = 0;
        var reports = new List<string>();

        var result = await _policy.RunAsync(
            "PUT 'a.png'",
            _ => ++attempts < 3 ? throw Api(503) : Task.FromResult("done"),
            reports.Add,
            CancellationToken.None);

        Assert.Equal("done", result);
        Assert.Equal(3, attempts);
        Assert.Equal(2, reports.Count);
        Assert.StartsWith("PUT 'a.png': ", reports[0]);
        Assert.Contains("Retry 1 of 5", reports[0]);
    }

    [Fact]
    public async Task A_reason_without_a_full_stop_ends_its_sentence_before_the_retry_is_told()
    {
        var policy = new RetryPolicy(maxRetries: 1, baseDelay: TimeSpan.FromMilliseconds(1));
        var reports = new List<string>();
        var lost = new FalTransportException(TransportFailure.Unreachable, "Could not reach http://127.0.0.1/x: Connection refused");

        await Assert.ThrowsAsync<FalTransportException>(() => policy.RunAsync<int>("PUT 'a.png'", _ => throw lost, reports.Add, CancellationToken.None));

        Assert.Matches(@"^PUT 'a\.png': Could not reach http://127\.0\.0\.1/x: Connection refused\. Retry 1 of 1 in [0-9.]+ s\.$", Assert.Single(reports));
    }

    [Fact]
    public void An_endpoint_never_reached_is_not_retried_a_connection_lost_is()
    {
        Assert.False(_policy.TryGetDelay(new FalTransportException(TransportFailure.NeverReached, "refused"), 0, out _));
        Assert.True(_policy.TryGetDelay(new FalTransportException(TransportFailure.Unreachable, "lost"), 0, out _));
        Assert.True(_policy.TryGetDelay(new FalTransportException(TransportFailure.TimedOut, "stalled"), 0, out _));
        Assert.False(_policy.TryGetDelay(new FalTransportException(TransportFailure.UnexpectedResponse, "html"), 0, out _));
    }

    [Fact]
    public async Task Gives_up_after_the_last_retry_with_the_last_failure()
    {
        var policy = new RetryPolicy(maxRetries: 2, baseDelay: TimeSpan.FromMilliseconds(1));
        var attempts = 0;

        var error = await Assert.ThrowsAsync<FalApiException>(() => policy.RunAsync<int>("x", _ => { attempts++; throw Api(500); }, _ => { }, CancellationToken.None));

        Assert.Equal(3, attempts);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
    }

    [Fact]
    public async Task Cancellation_ends_a_backoff_at_once()
    {
        var policy = new RetryPolicy(maxRetries: 5, baseDelay: TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => policy.RunAsync<int>("x", _ => throw Api(503), _ => { }, cancel.Token))
            .WaitAsync(TimeSpan.FromSeconds(5));
    }

    private static FalApiException Api(int status, TimeSpan? retryAfter = null) =>
        new(FalOperation.Upload, (HttpStatusCode)status, null, retryAfter, "http://127.0.0.1/uploads/x");
}
