using System.Net;
using FalStorage.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace FalStorage.Tests.Emulator;

public sealed class RequestLogTests
{
    [Fact]
    public async Task Each_request_is_logged_in_one_line_without_keys_signatures_or_tokens()
    {
        var logs = new CapturingLoggerProvider();
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.LogLevel = LogLevel.Trace;
            options.ConfigureLogging = logging => logging.AddProvider(logs);
        });
        var (uploadUrl, fileUrl) = await emulator.HttpClient.InitiateUploadAsync(EmulatorFixture.TestKey);
        using var put = await emulator.HttpClient.PutAsync(uploadUrl, new ByteArrayContent(new byte[1234]));
        using var get = await emulator.HttpClient.GetAsync(fileUrl);
        using var refused = await emulator.HttpClient.SendAsync(
            EmulatorHttp.InitiateRequest("wrong-key:wrong-secret", EmulatorHttp.InitiateBody("image/png", "a.png")));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var (multipart, _) = await emulator.HttpClient.InitiateMultipartAsync(EmulatorFixture.TestKey);
        using var part = await emulator.HttpClient.PutPartAsync(multipart, 1, new byte[777]);
        using var complete = await emulator.HttpClient.CompleteAsync(multipart, [(1, part.Headers.ETag!.ToString())]);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);

        var grant = await emulator.HttpClient.GetTokenAsync(EmulatorFixture.TestKey);
        var tokenSingle = Id(await emulator.HttpClient.TokenUploadAsync(grant, new byte[321]));
        var tokenMultipart = Id(await emulator.HttpClient.TokenMultipartUploadAsync(grant, new byte[300], partSize: 200));
        var (single, multipartId) = (Id(fileUrl), multipart.Segments[2].TrimEnd('/'));
        using var badToken = await emulator.HttpClient.SendAsync(TokenHttp.UploadRequest(grant.BaseUrl, grant.Token + "x", [1]));
        Assert.Equal(HttpStatusCode.Unauthorized, badToken.StatusCode);

        // The object's id names the upload each request is for; nothing else of its URL.
        string[] expected =
        [
            "method=POST route=token status=200 object=none",
            $"method=POST route=token-upload status=200 object={tokenSingle} bytes_in=321",
            $"method=POST route=token-multipart status=200 object={tokenMultipart}",
            $"method=PUT route=token-part status=200 object={tokenMultipart} bytes_in=200",
            $"method=PUT route=token-part status=200 object={tokenMultipart} bytes_in=100",
            $"method=POST route=token-complete status=200 object={tokenMultipart}",
            "method=POST route=token-upload status=401 object=none",
            $"method=POST route=initiate status=200 object={single}",
            $"method=PUT route=upload status=200 object={single} bytes_in=1234 bytes_out=0",
            $"method=GET route=file status=200 object={single} bytes_in=0 bytes_out=1234",
            "method=POST route=initiate status=401 object=none",
            $"method=POST route=initiate-multipart status=200 object={multipartId}",
            $"method=PUT route=part status=200 object={multipartId} bytes_in=777",
            $"method=POST route=complete status=200 object={multipartId}",
        ];
        var requestLines = await WaitForAsync(logs, expected);

        Assert.All(requestLines, line => Assert.Contains("duration_ms=", line));
        Assert.All(requestLines, line => Assert.Contains("fault=none", line));
        var everything = string.Join('\n', logs.Lines);
        var signature = QueryHelpers.ParseQuery(uploadUrl.Query)["signature"].ToString();
        Assert.DoesNotContain(signature, everything);
        Assert.DoesNotContain(EmulatorFixture.TestKey, everything);
        Assert.DoesNotContain("test-key-secret", everything);
        Assert.DoesNotContain("wrong-secret", everything);
        Assert.DoesNotContain(uploadUrl.AbsolutePath, everything);
        Assert.DoesNotContain(QueryHelpers.ParseQuery(multipart.Query)["signature"].ToString(), everything);
        Assert.DoesNotContain(multipart.AbsolutePath, everything);

        // Not the token, nor any of its parts (caller, nonce, MAC), nor where the token flow's objects are.
        Assert.All(grant.Token.Split('.').Where(field => field.Length > 10), field => Assert.DoesNotContain(field, everything));
        Assert.DoesNotContain("/files/", everything);
    }

    /// <summary>A signed link is a credential in a query string, and the Platform API's <c>url</c> names a file: the log
    /// keeps neither (nor the CDN token a private file is read with), only routes, statuses and object ids.</summary>
    [Fact]
    public async Task Signed_links_cdn_tokens_and_platform_calls_are_logged_without_their_query_or_credentials()
    {
        var logs = new CapturingLoggerProvider();
        await using var emulator = await PlatformApi.StartWithUsersAsync(options =>
        {
            options.LogLevel = LogLevel.Information;
            options.ConfigureLogging = logging => logging.AddProvider(logs);
        });
        var client = emulator.HttpClient;
        var fileUrl = await client.UploadWithLifecycleAsync(PlatformApi.AliceKey, """{"initial_acl": {"default": "hide"}}""");
        using var signed = System.Text.Json.JsonDocument.Parse(
            await client.OkAsync(HttpMethod.Post, PlatformApi.SignPath(fileUrl), PlatformApi.AliceKey, """{"expiration_seconds": 600}"""));
        var link = new Uri(signed.RootElement.GetProperty("signed_url").GetString()!);
        var token = (await client.GetTokenAsync(PlatformApi.AliceKey)).Token;
        Assert.Equal(HttpStatusCode.OK, (await client.ReadAsync(link)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.ReadAsync(fileUrl, token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.ReadAsync(new Uri(link + "x"))).StatusCode);
        await client.OkAsync(HttpMethod.Get, PlatformApi.AclPath(fileUrl), PlatformApi.AliceKey);

        var id = Id(fileUrl);
        await WaitForAsync(logs, [
            $"method=POST route=sign status=200 object={id}", $"method=GET route=file status=200 object={id}",
            $"method=GET route=file status=403 object={id}", $"method=GET route=acl-get status=200 object={id}"]);
        var everything = string.Join('\n', logs.Lines);
        var query = QueryHelpers.ParseQuery(link.Query);
        Assert.DoesNotContain(query["signature"].ToString(), everything);
        Assert.DoesNotContain("identity=", everything);
        Assert.DoesNotContain(query["identity"].ToString(), everything);
        Assert.DoesNotContain("url=", everything);
        Assert.DoesNotContain("/files/", everything);
        Assert.DoesNotContain("alice-secret", everything);
        Assert.All(token.Split('.').Where(field => field.Length > 10), field => Assert.DoesNotContain(field, everything));
    }

    /// <summary>A request whose connection was cut is logged as aborted, not with the 200 nobody was sent. A dropped
    /// connection (fault injection) cuts it at a known point; a client's reset may come before the body is read, when
    /// Kestrel answers 400 to a body cut short.</summary>
    [Fact]
    public async Task A_request_cut_off_mid_body_is_logged_as_aborted_with_its_object()
    {
        var logs = new CapturingLoggerProvider();
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.LogLevel = LogLevel.Information;
            options.ConfigureLogging = logging => logging.AddProvider(logs);
            options.Faults[RouteKind.Put].FailNth.Add(1);
            options.Faults[RouteKind.Put].FailNthWith = FaultAction.Drop;
        });
        var (uploadUrl, _) = await emulator.HttpClient.InitiateUploadAsync(EmulatorFixture.TestKey);

        await Assert.ThrowsAsync<HttpRequestException>(() => emulator.HttpClient.PutAsync(uploadUrl, new ByteArrayContent(new byte[100_000])));

        var line = Assert.Single(await WaitForAsync(logs, ["route=upload "]), line => line.Contains("route=upload ", StringComparison.Ordinal));
        Assert.True(line.Contains($"route=upload status=aborted object={Id(uploadUrl)} ", StringComparison.Ordinal) && line.Contains("fault=drop", StringComparison.Ordinal), line);
    }

    private static string Id(Uri url) => url.Segments[2].TrimEnd('/');

    /// <summary>A request is logged once its response is done, which can be just after the client has it.</summary>
    private static async Task<string[]> WaitForAsync(CapturingLoggerProvider logs, string[] expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var lines = logs.Lines.Where(line => line.Contains("FalStorage.Emulator.Requests", StringComparison.Ordinal)).ToArray();
            if (expected.All(fragment => lines.Any(line => line.Contains(fragment, StringComparison.Ordinal))))
            {
                return lines;
            }

            Assert.True(DateTime.UtcNow < deadline, "Missing request log lines; got:\n" + string.Join('\n', lines));
            await Task.Delay(10);
        }
    }
}
