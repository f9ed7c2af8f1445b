using System.Diagnostics;
using System.Net;
using FalStorage.Emulator;
using FalStorage.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace FalStorage.Tests.Emulator;

/// <summary>Faults injected on purpose, deterministic where possible (FailNth, seeds), as client tests use them.</summary>
public sealed partial class FaultInjectionTests
{
    private static readonly int[] SentStatuses = [200, 500, 502, 503];

    [Fact]
    public async Task The_nth_put_fails_with_503_and_a_detail_and_the_others_pass()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options => options.Faults[RouteKind.Put].FailNth.Add(2));
        var faults = emulator.Emulator.Faults;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            var (uploadUrl, _) = await emulator.HttpClient.InitiateUploadAsync(EmulatorFixture.TestKey);
            using var put = await emulator.HttpClient.PutAsync(uploadUrl, new ByteArrayContent(new byte[100_000]));
            statuses.Add(put.StatusCode);
            if (put.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Assert.Contains("injected", (await put.ReadDetailAsync()).GetString());
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], statuses);
        Assert.Equal(3, faults.RequestCount(RouteKind.Put));
        Assert.Equal(1, faults.InjectedCount(RouteKind.Put));
        Assert.Equal(3, faults.RequestCount(RouteKind.Initiate));
        Assert.Equal(0, faults.InjectedCount(RouteKind.Initiate));
        Assert.Equal(2, emulator.Emulator.ListObjects().Count);
        Assert.Empty(Directory.GetFiles(Path.Combine(emulator.DataDirectory, "tmp")));
    }

    [Theory]
    [InlineData(1500, "2")]
    [InlineData(200, "1")]
    [InlineData(0, "1")]
    public async Task A_rate_limited_request_is_429_with_retry_after_in_whole_seconds(int retryAfterMs, string expected)
    {
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.Faults[RouteKind.Initiate].FailNth.Add(1);
            options.Faults[RouteKind.Initiate].FailNthWith = FaultAction.RateLimit;
            options.Faults[RouteKind.Initiate].RetryAfter = TimeSpan.FromMilliseconds(retryAfterMs);
        });

        using var limited = await emulator.HttpClient.SendAsync(EmulatorHttp.InitiateRequest(EmulatorFixture.TestKey, EmulatorHttp.InitiateBody("image/png", "a.png")));
        using var next = await emulator.HttpClient.SendAsync(EmulatorHttp.InitiateRequest(EmulatorFixture.TestKey, EmulatorHttp.InitiateBody("image/png", "a.png")));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(expected, Assert.Single(limited.Headers.GetValues("Retry-After")));
        await limited.ReadDetailAsync();
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task A_dropped_part_fails_in_the_client_leaves_nothing_and_can_be_sent_again()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.Faults[RouteKind.Part].FailNth.Add(2);
            options.Faults[RouteKind.Part].FailNthWith = FaultAction.Drop;
        });
        var (uploadUrl, fileUrl) = await emulator.HttpClient.InitiateMultipartAsync(EmulatorFixture.TestKey);
        var first = new byte[300_000];
        var second = new byte[300_000];
        Random.Shared.NextBytes(first);
        Random.Shared.NextBytes(second);

        using var one = await emulator.HttpClient.PutPartAsync(uploadUrl, 1, first);
        await Assert.ThrowsAsync<HttpRequestException>(() => emulator.HttpClient.PutPartAsync(uploadUrl, 2, second));
        using var again = await emulator.HttpClient.PutPartAsync(uploadUrl, 2, second);
        using var complete = await emulator.HttpClient.CompleteAsync(uploadUrl, [(1, one.Headers.ETag!.ToString()), (2, again.Headers.ETag!.ToString())]);

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal(first.Concat(second).ToArray(), await emulator.HttpClient.GetByteArrayAsync(fileUrl));
        Assert.Equal(1, emulator.Emulator.Faults.InjectedCount(RouteKind.Part));
        Assert.Empty(Directory.GetFiles(Path.Combine(emulator.DataDirectory, "tmp")));
    }

    [Fact]
    public async Task A_dropped_download_ends_prematurely_after_part_of_the_body()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.Faults[RouteKind.Cdn].FailNth.Add(1);
            options.Faults[RouteKind.Cdn].FailNthWith = FaultAction.Drop;
        });
        var bytes = new byte[2 * 1024 * 1024];
        var fileUrl = await emulator.HttpClient.UploadAsync(EmulatorFixture.TestKey, bytes);

        using var response = await emulator.HttpClient.GetAsync(fileUrl, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
        var body = await response.Content.ReadAsStreamAsync();
        var received = 0L;
        await Assert.ThrowsAnyAsync<IOException>(async () =>
        {
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                received += read;
            }
        });

        Assert.InRange(received, 1, bytes.Length - 1);
        Assert.Equal(bytes.Length, (await emulator.HttpClient.GetByteArrayAsync(fileUrl)).Length);
    }

    [Theory]
    [InlineData(RouteKind.Initiate)]
    [InlineData(RouteKind.Put)]
    [InlineData(RouteKind.Part)]
    [InlineData(RouteKind.Complete)]
    [InlineData(RouteKind.Cdn)]
    public async Task Each_kind_can_be_dropped(RouteKind kind)
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        var (single, fileUrl) = await emulator.HttpClient.InitiateUploadAsync(EmulatorFixture.TestKey);
        using (var put = await emulator.HttpClient.PutAsync(single, new ByteArrayContent(new byte[1000])))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var (multipart, _) = await emulator.HttpClient.InitiateMultipartAsync(EmulatorFixture.TestKey);
        using var part = await emulator.HttpClient.PutPartAsync(multipart, 1, [1, 2, 3]);
        emulator.Emulator.Faults[kind].DropRate = 1;

        Func<Task> request = kind switch
        {
            RouteKind.Initiate => () => emulator.HttpClient.InitiateMultipartAsync(EmulatorFixture.TestKey),
            RouteKind.Put => () => emulator.HttpClient.PutAsync(single, new ByteArrayContent(new byte[1000])),
            RouteKind.Part => () => emulator.HttpClient.PutPartAsync(multipart, 2, [4]),
            RouteKind.Complete => () => emulator.HttpClient.CompleteAsync(multipart, [(1, part.Headers.ETag!.ToString())]),
            _ => () => emulator.HttpClient.GetByteArrayAsync(fileUrl),
        };

        await Assert.ThrowsAsync<HttpRequestException>(request);
        Assert.Equal(1, emulator.Emulator.Faults.InjectedCount(kind));
    }

    /// <summary>The token flow has kinds of its own, so a client's fallbacks and retries on it can be tested apart
    /// from the signed-URL flow's; each fault leaves nothing behind, and the next request of the kind goes through.</summary>
    [Theory]
    [InlineData(RouteKind.Token, FaultAction.RateLimit)]
    [InlineData(RouteKind.TokenUpload, FaultAction.ServerError)]
    [InlineData(RouteKind.TokenUpload, FaultAction.Drop)]
    [InlineData(RouteKind.TokenMultipart, FaultAction.ServerError)]
    [InlineData(RouteKind.TokenPart, FaultAction.Drop)]
    [InlineData(RouteKind.TokenComplete, FaultAction.RateLimit)]
    public async Task Each_token_flow_kind_is_faulted_on_its_own(RouteKind kind, FaultAction action)
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        var client = emulator.HttpClient;
        var faults = emulator.Emulator.Faults;
        var grant = await client.GetTokenAsync(EmulatorFixture.TestKey);
        var (accessUrl, uploadId) = await client.StartTokenMultipartAsync(grant);
        using var part = await client.PutTokenPartAsync(grant.Token, accessUrl, uploadId, 1, new byte[1000]);
        faults[kind].FailNth.Add((int)faults.RequestCount(kind) + 1);
        faults[kind].FailNthWith = action;

        Func<Task<HttpResponseMessage>> request = kind switch
        {
            RouteKind.Token => () => client.SendAsync(TokenHttp.TokenRequest(EmulatorFixture.TestKey)),
            RouteKind.TokenUpload => () => client.SendAsync(TokenHttp.UploadRequest(grant.BaseUrl, grant.Token, new byte[1000])),
            RouteKind.TokenMultipart => () => client.SendAsync(TokenHttp.UploadRequest(grant.BaseUrl, grant.Token, null, multipart: true)),
            RouteKind.TokenPart => () => client.PutTokenPartAsync(grant.Token, accessUrl, uploadId, 1, new byte[1000]),
            _ => () => client.CompleteTokenMultipartAsync(grant.Token, accessUrl, uploadId, [(1, part.Headers.ETag!.ToString())]),
        };

        if (action == FaultAction.Drop)
        {
            await Assert.ThrowsAsync<HttpRequestException>(request);
        }
        else
        {
            using var faulted = await request();
            Assert.Equal(action == FaultAction.RateLimit ? HttpStatusCode.TooManyRequests : HttpStatusCode.ServiceUnavailable, faulted.StatusCode);
            Assert.Contains("injected", (await faulted.ReadDetailAsync()).GetString());
        }

        Assert.Equal(1, faults.InjectedCount(kind));
        Assert.All(Enum.GetValues<RouteKind>().Where(other => other != kind), other => Assert.Equal(0, faults.InjectedCount(other)));
        Assert.Empty(emulator.Emulator.ListObjects());
        using var next = await request();
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        await Eventually.TrueAsync(() => Directory.GetFiles(Path.Combine(emulator.DataDirectory, "tmp")).Length == 0, "tmp/ to be empty");
    }

    [Fact]
    public async Task Seeded_random_server_errors_are_mixed_5xx_and_reproducible()
    {
        async Task<List<int>> RunAsync()
        {
            await using var emulator = await EmulatorFixture.StartAsync(options =>
            {
                options.Faults.Seed = 42;
                options.Faults[RouteKind.Cdn].ServerErrorRate = 0.5;
            });
            var fileUrl = await emulator.HttpClient.UploadAsync(EmulatorFixture.TestKey, [1]);
            var statuses = new List<int>();
            for (var i = 0; i < 40; i++)
            {
                using var response = await emulator.HttpClient.GetAsync(fileUrl);
                statuses.Add((int)response.StatusCode);
                if ((int)response.StatusCode >= 500)
                {
                    await response.ReadDetailAsync();
                }
            }

            Assert.Equal(statuses.Count(status => status >= 500), emulator.Emulator.Faults.InjectedCount(RouteKind.Cdn));
            return statuses;
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.All(first, status => Assert.Contains(status, SentStatuses));
        Assert.True(first.Distinct().Count() >= 3, "expected 200s and at least two kinds of 5xx: " + string.Join(",", first));
    }

    [Fact]
    public async Task A_rate_of_one_fails_every_request_and_faults_can_be_switched_off_while_running()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options => options.Faults[RouteKind.Initiate].RateLimitRate = 1);
        var body = EmulatorHttp.InitiateBody("image/png", "a.png");

        for (var i = 0; i < 5; i++)
        {
            using var limited = await emulator.HttpClient.SendAsync(EmulatorHttp.InitiateRequest(EmulatorFixture.TestKey, body));
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        }

        emulator.Emulator.Faults[RouteKind.Initiate].RateLimitRate = 0;
        using var served = await emulator.HttpClient.SendAsync(EmulatorHttp.InitiateRequest(EmulatorFixture.TestKey, body));

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(5, emulator.Emulator.Faults.InjectedCount(RouteKind.Initiate));
        Assert.Equal(6, emulator.Emulator.Faults.RequestCount(RouteKind.Initiate));
    }

    [Fact]
    public async Task Latency_delays_the_answer()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options => options.Faults[RouteKind.Cdn].Latency = TimeSpan.FromMilliseconds(300));
        var fileUrl = await emulator.HttpClient.UploadAsync(EmulatorFixture.TestKey, [1]);

        var stopwatch = Stopwatch.StartNew();
        using var response = await emulator.HttpClient.GetAsync(fileUrl);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(280), $"answered after {stopwatch.Elapsed}");
        Assert.Equal(0, emulator.Emulator.Faults.InjectedCount(RouteKind.Cdn));
    }

    [Fact]
    public async Task Request_numbers_count_from_each_start()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options => options.Faults[RouteKind.Initiate].FailNth.Add(2));
        await emulator.HttpClient.InitiateUploadAsync(EmulatorFixture.TestKey);
        using var second = await emulator.HttpClient.SendAsync(EmulatorHttp.InitiateRequest(EmulatorFixture.TestKey, EmulatorHttp.InitiateBody("image/png", "a.png")));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);

        await emulator.RestartAsync();
        await emulator.HttpClient.InitiateUploadAsync(EmulatorFixture.TestKey);
        using var secondAgain = await emulator.HttpClient.SendAsync(EmulatorHttp.InitiateRequest(EmulatorFixture.TestKey, EmulatorHttp.InitiateBody("image/png", "a.png")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, secondAgain.StatusCode);
        Assert.Equal(2, emulator.Emulator.Faults.RequestCount(RouteKind.Initiate));
    }

    [Fact]
    public async Task Rules_changed_from_many_threads_at_once_lose_no_change()
    {
        // Each change replaces the settings of every kind at once: one that read them before another's change must
        // not put the old ones back, whether the other changed the same kind or another one.
        var faults = new EmulatorOptions().Faults;
        const int Threads = 8, Changes = 500;
        await Task.WhenAll(Enumerable.Range(0, Threads).Select(thread => Task.Run(() =>
        {
            for (var i = 1; i <= Changes; i++)
            {
                faults[RouteKind.Part].FailNth.Add((thread * Changes) + i);
                faults[(RouteKind)(thread % 2)].Latency = TimeSpan.FromMilliseconds(i);
            }
        })));

        Assert.Equal(Enumerable.Range(1, Threads * Changes), faults[RouteKind.Part].FailNth);
        Assert.Equal(TimeSpan.FromMilliseconds(Changes), faults[RouteKind.Initiate].Latency);
        Assert.Equal(TimeSpan.FromMilliseconds(Changes), faults[RouteKind.Put].Latency);
    }

    [Fact]
    public async Task Health_is_never_faulted()
    {
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            foreach (var kind in Enum.GetValues<RouteKind>())
            {
                options.Faults[kind].ServerErrorRate = 1;
            }
        });

        using var health = await emulator.HttpClient.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task The_start_up_log_warns_loudly_when_faults_are_on_and_the_request_log_names_them()
    {
        var logs = new CapturingLoggerProvider();
        await using (var quiet = await EmulatorFixture.StartAsync(options => options.ConfigureLogging = logging => logging.AddProvider(logs)))
        {
        }

        Assert.DoesNotContain(logs.Lines, line => line.Contains("FAULT", StringComparison.Ordinal));

        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.LogLevel = LogLevel.Information;
            options.ConfigureLogging = logging => logging.AddProvider(logs);
            options.Faults[RouteKind.Put].ServerErrorRate = 0.25;
            options.Faults[RouteKind.Part].FailNth.Add(3);
            options.Faults[RouteKind.Part].FailNthWith = FaultAction.Drop;
            options.Faults[RouteKind.Initiate].FailNth.Add(1);
        });

        var warning = Assert.Single(logs.Lines, line => line.Contains("FAULT INJECTION IS ON", StringComparison.Ordinal));
        Assert.StartsWith("Warning", warning);
        Assert.Contains("put: error=25%", warning);
        Assert.Contains("part: nth=3:Drop", warning);

        using var failed = await emulator.HttpClient.SendAsync(EmulatorHttp.InitiateRequest(EmulatorFixture.TestKey, EmulatorHttp.InitiateBody("image/png", "a.png")));
        await Eventually.TrueAsync(
            () => logs.Lines.Any(line => line.Contains("route=initiate status=503", StringComparison.Ordinal) && line.Contains("fault=error", StringComparison.Ordinal)),
            "the request log line of the injected fault");
    }
}
