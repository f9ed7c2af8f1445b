using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FalStorage.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace FalStorage.Tests.Emulator;

/// <summary>Bounded random requests to every route (the signed-URL flow's and the CDN token flow's), from a fixed seed: mutated methods, paths, queries, headers and
/// bodies, some sent as raw bytes that HttpClient would refuse, mixed with valid uploads so there is state to attack.
/// No answer may be a 5xx (faults are off), the emulator may log no error, it must still work afterwards, and nothing
/// may appear on disk but the data folder's documented layout.</summary>
/// <remarks>Each lane's requests follow from <see cref="Seed"/> and the answers it got. The lanes run at once but own
/// their uploads, and meet whenever the clock moves, so every run sends the same requests; only the interleaving of the
/// lanes, and so of what the emulator does at once, differs.</remarks>
public sealed partial class FuzzTests(ITestOutputHelper output)
{
    /// <summary>The seed of a run: <see cref="DefaultSeed"/>, or <c>FALSTORAGE_FUZZ_SEED</c> when set (to run other seeds in a loop).</summary>
    public static readonly int Seed = ReadSeed();

    public const int DefaultSeed = 20260606;

    public const string SeedVariable = "FALSTORAGE_FUZZ_SEED";
    public const int Lanes = 4;
    public const int RequestsPerLane = 1000;

    private const int MaxBodySize = 256 * 1024;
    private const int MaxPartSize = 64 * 1024;
    private const int MaxParts = 16;
    private const int MaxJsonSize = 4 * 1024;
    private static readonly TimeSpan UrlLifetime = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Random_requests_to_every_route_never_get_a_5xx_crash_or_write_outside_the_data_folder()
    {
        var logs = new CapturingLoggerProvider();
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 6, 6, 12, 0, 0, TimeSpan.Zero));
        await using var emulator = await EmulatorFixture.StartAsync(options =>
        {
            options.TimeProvider = clock;
            options.UploadUrlLifetime = UrlLifetime;
            options.TokenLifetime = UrlLifetime;
            options.MaxBodySize = MaxBodySize;
            options.MaxPartSize = MaxPartSize;
            options.MaxParts = MaxParts;
            options.MaxJsonSize = MaxJsonSize;

            // The sweep runs on the real clock, so it races the requests for expired uploads, as it would in use.
            options.ExpirySweepInterval = TimeSpan.FromMilliseconds(100);

            // The request log names each request's route and status, also those whose answer the client never saw.
            options.LogLevel = LogLevel.Information;
            options.ConfigureLogging = logging =>
            {
                logging.ClearProviders();
                logging.AddProvider(logs);
            };
        });
        var signingKey = await File.ReadAllBytesAsync(Path.Combine(emulator.DataDirectory, "signing.key"));
        var marker = "fuzzmark" + Guid.NewGuid().ToString("N")[..12];
        using var client = NewClient(emulator.BaseAddress);
        var stopwatch = Stopwatch.StartNew();

        var clockSteps = new ClockSteps(Lanes, clock, TimeSpan.FromMinutes(2));
        var lanes = Enumerable.Range(0, Lanes).Select(lane => new FuzzLane(lane, emulator.BaseAddress, client, marker, clockSteps)).ToList();
        await Task.WhenAll(lanes.Select(lane => Task.Run(lane.RunAsync)));
        stopwatch.Stop();

        var report = FuzzReport.Merge(lanes.Select(lane => lane.Report));

        output.WriteLine($"seed={Seed} lanes={Lanes} requests={report.Requests} (raw TCP {report.Raw}, valid flows {report.Valid}) in {stopwatch.Elapsed.TotalSeconds:F1} s");
        output.WriteLine($"statuses: {string.Join(", ", report.Statuses.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}={pair.Value}"))}");
        output.WriteLine($"client-side errors (refused or cut off): {report.ClientErrors}; objects at the end: {emulator.Emulator.ListObjects().Count}");
        output.WriteLine("slowest: " + string.Join("; ", report.Slowest.Select(slow => $"{slow.Milliseconds:F0} ms {slow.Description}")));

        var logged = LoggedRequests(logs);
        output.WriteLine("routes (emulator's request log): " + string.Join("; ", logged.GroupBy(request => request.Route).OrderBy(group => group.Key).Select(group =>
            $"{group.Key} {group.Count()} ({string.Join(", ", group.GroupBy(request => request.Status).OrderBy(status => status.Key).Select(status => $"{status.Key}={status.Count()}"))})")));

        var errors = logs.Lines.Where(line => line.StartsWith("Error ", StringComparison.Ordinal) || line.StartsWith("Critical ", StringComparison.Ordinal)).ToList();
        output.WriteLine($"errors logged: {errors.Count}" + string.Concat(errors.Take(5).Select(error => "\n" + error)));

        Assert.True(report.Violations.Count == 0, "5xx answers or hangs:\n" + string.Join("\n", report.Violations.Take(20)));
        Assert.DoesNotContain(logged, request => request.Status >= 500);
        Assert.True(errors.Count == 0, "The emulator logged errors:\n" + string.Join("\n", errors.Take(5)));

        // Every route was attacked, and the upload routes also worked, so there was state to attack.
        foreach (var route in (string[])["initiate", "initiate-multipart", "upload", "part", "complete", "file", "health", "unmatched", .. TokenFlowRoutes])
        {
            Assert.True(logged.Count(request => request.Route == route) >= 50, $"Route {route} got fewer than 50 requests.");
        }

        // The Platform API's five routes share a quarter of the base requests (about 70 each a run): a lower bar, so
        // no seed falls short by chance.
        foreach (var route in PlatformRoutes)
        {
            Assert.True(logged.Count(request => request.Route == route) >= 30, $"Route {route} got fewer than 30 requests.");
        }

        foreach (var route in (string[])["initiate", "initiate-multipart", "upload", "part", "complete", "file", .. TokenFlowRoutes, .. PlatformRoutes])
        {
            Assert.Contains(logged, request => request.Route == route && request.Status == 200);
        }

        await AssertStillWorksAsync(emulator);
        await Eventually.TrueAsync(() => Directory.GetFiles(Path.Combine(emulator.DataDirectory, "tmp")).Length == 0, "tmp/ to be empty");
        Assert.Empty(DataFolderLayout.Strays(emulator.DataDirectory));
        Assert.Empty(DataFolderLayout.EntriesNamed(emulator.DataDirectory, marker));
        Assert.Empty(Directory.EnumerateFileSystemEntries(AppContext.BaseDirectory, $"*{marker}*"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Environment.CurrentDirectory, $"*{marker}*"));
        Assert.Equal(signingKey, await File.ReadAllBytesAsync(Path.Combine(emulator.DataDirectory, "signing.key")));
    }

    private static int ReadSeed()
    {
        var value = Environment.GetEnvironmentVariable(SeedVariable);
        return string.IsNullOrWhiteSpace(value) ? DefaultSeed
            : int.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var seed) ? seed
            : throw new InvalidOperationException($"{SeedVariable} must be a whole number, not '{value}'.");
    }

    private static List<(string Route, int Status)> LoggedRequests(CapturingLoggerProvider logs) =>
        logs.Lines.Select(line => RequestLogLine().Match(line)).Where(match => match.Success)
            .Select(match => (match.Groups["route"].Value, int.Parse(match.Groups["status"].Value, CultureInfo.InvariantCulture))).ToList();

    [GeneratedRegex(@" route=(?<route>\S+) status=(?<status>\d+) ")]
    private static partial Regex RequestLogLine();

    /// <summary>Health answers, every object it lists is served whole (to its owner: the fuzz made some private), and a
    /// new upload goes through.</summary>
    private static async Task AssertStillWorksAsync(EmulatorFixture emulator)
    {
        using var health = await emulator.HttpClient.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var token = (await emulator.HttpClient.GetTokenAsync(EmulatorFixture.TestKey)).Token;

        // The clock stands still now, so no object's lifecycle ends during these reads.
        foreach (var stored in emulator.Emulator.ListObjects())
        {
            using var get = await emulator.HttpClient.SendAsync(TokenHttp.Authorized(HttpMethod.Get, $"/files/{stored.Id}/{Uri.EscapeDataString(stored.FileName)}", token));
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal(stored.Sha256, Convert.ToHexStringLower(SHA256.HashData(await get.Content.ReadAsByteArrayAsync())));
        }

        var fileUrl = await emulator.HttpClient.UploadAsync(EmulatorFixture.TestKey, [4, 2], fileName: "after-the-fuzz.png");
        using var after = await emulator.HttpClient.SendAsync(TokenHttp.Authorized(HttpMethod.Get, fileUrl.AbsoluteUri, token));
        Assert.Equal([4, 2], await after.Content.ReadAsByteArrayAsync());
    }

    private static HttpClient NewClient(Uri baseAddress) =>
        new(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = WireConnection.ConnectAsync,

            // Non-ASCII header values go out as UTF-8 rather than being refused by the client.
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>One stream of requests from its own seeded <see cref="Random"/>.</summary>
    private sealed partial class FuzzLane(int lane, Uri baseAddress, HttpClient client, string marker, ClockSteps clockSteps)
    {
        private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "get", "FUZZ"];

        private static readonly string[] ContentTypes =
        [
            "application/json", "application/json; charset=utf-8", "application/json; charset=utf-16", "application/vnd.x+json",
            "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "*/*", "garbage", "", ";",
            "application/", "application/json; charset=\"", "image/png", new string('a', 5000) + "/json",
        ];

        private static readonly string[] LifecycleValues =
        [
            "", "{}", "[]", "null", "1", "{", "{\"expiration_duration_seconds\": 60}", "{\"expiration_duration_seconds\": 0}",
            "{\"expiration_duration_seconds\": -1}", "{\"expiration_duration_seconds\": 1e999}", "{\"expiration_duration_seconds\": \"60\"}",
            "{\"expiration_duration_seconds\": 99999999999999999}", "{\"expiration_duration_seconds\": 60.5}",
            "{\"expiration_duration_seconds\": " + new string('[', 100) + "}", new string(' ', 10_000) + "{}",
            "{\"initial_acl\": {\"default\": \"hide\"}}", "{\"initial_acl\": {\"default\": \"forbid\", \"rules\": [{\"user\": \"usr_1\", \"decision\": \"allow\"}]}}",
            "{\"initial_acl\": null, \"expiration_duration_seconds\": null}", "{\"initial_acl\": {\"default\": 1}}", "{\"initial_acl\": {\"rules\": 1}}",
            "{\"initial_acl\": " + new string('{', 100) + "}",
        ];

        private static readonly string[] ConditionalHeaders = ["Range", "If-None-Match", "If-Modified-Since", "If-Range", "If-Match", "If-Unmodified-Since"];

        private static readonly string[] ConditionalValues =
        [
            "bytes=0-0", "bytes=-1", "bytes=5-2", "bytes=0-", "bytes=99999999999999999999-", "bytes=0-0,1-1", "items=0-1", "bytes=-0",
            "bytes=", "*", "\"x\"", "W/\"x\"", "Thu, 01 Jan 1970 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "yesterday", "\"", ",,,",
        ];

        private static readonly string[] ContentTypeValues = ["image/png", "video/mp4", "text/plain; charset=utf-8", "png", "", "image/p\u00e9ng", "a/b; c", "x/y\r\nX: 1"];

        private readonly Random random = new(Seed + lane);
        private readonly List<Upload> uploads = [];
        private readonly List<Uri> files = [];

        public FuzzReport Report { get; } = new();

        private readonly string[] fileNames =
        [
            "a.png", "../x", "..", ".", "a/b", "a\\b", "CON", "%2e%2e%2f", "\u202egnp.exe", "a\u0000b", " ", "\u00e9\u65e5.png",
            $"{marker}.png", $"../{marker}", $"..\\{marker}", $"/tmp/{marker}", $"%2F..%2F{marker}", $"..%2F..%2F{marker}",
            new string('a', 300), new string('\u00e9', 127) + "a", "signing.key", ".lock", "metadata.json",
        ];

        private readonly string[] junkSegments =
        [
            "", ".", "..", "...", "%2e", "%2E%2E", "..%2F..%2Fsigning.key", "..%5C..%5Csigning.key", "%00", "a%00b", "%ff%fe", "%zz",
            "%", "%%", "%252e%252e", "~", "signing.key", ".lock", "metadata.json", "tmp", "objects", "uploads", "CON", "nul",
            "\u00e9", "%C3%A9", "%EF%BC%8E%EF%BC%8E", "%E2%80%AE", "0", "-1", "+1", "01", "%201", "2147483647", "2147483648",
            "99999999999", "1e3", "0x10", "1.5", "complete", "COMPLETE", "complete.json", "health", "files", marker,
            $"..%2F{marker}", $"%2E%2E%2F%2E%2E%2F{marker}", new string('a', 3000), "0123456789abcdef0123456789abcdef",
        ];

        public async Task RunAsync()
        {
            for (var index = 0; index < RequestsPerLane; index++)
            {
                // Now and then the clock moves on, so URLs expire in the middle of the uploads they were for.
                if (index % 150 == 149)
                {
                    await clockSteps.ArriveAsync();
                }

                var roll = random.NextDouble();
                if (roll < 0.15)
                {
                    await ValidStepAsync(index);
                }
                else if (roll < 0.25)
                {
                    var (bytes, finished) = RawRequest();
                    await SendRawAsync(index, bytes, finished);
                }
                else
                {
                    await SendAsync(index, Mutated());
                }
            }
        }

        // ---- Valid flows: the state the mutations attack ----

        private async Task ValidStepAsync(int index)
        {
            Report.Valid++;
            var multipart = Pick(uploads.Where(upload => upload.Multipart).ToList());
            var single = Pick(uploads.Where(upload => !upload.Multipart).ToList());
            var choice = random.Next(9);
            var request = choice switch
            {
                >= 6 => ValidTokenStep(),
                0 or 1 => Initiate(multipart: choice == 1),
                2 when single is not null => Put(single, RandomBytes(random.Next(0, 8192))),
                3 or 4 when multipart is not null && multipart.ETags.Count < 4 => Part(multipart, multipart.ETags.Count + 1, RandomBytes(random.Next(0, 8192))),
                3 or 4 when multipart is not null => Complete(multipart, ValidParts(multipart)),
                _ when files.Count > 0 => new FuzzRequest("GET", files[random.Next(files.Count)].PathAndQuery, "valid GET file"),
                _ => Initiate(multipart: false),
            };
            request.Steps[0] = "valid " + request.Steps[0];

            var (status, body, etag) = await SendAsync(index, request);
            if (status != 200)
            {
                return;
            }

            if (request.Steps[0].StartsWith("valid initiate", StringComparison.Ordinal))
            {
                using var json = JsonDocument.Parse(body);
                uploads.Add(new Upload(
                    new Uri(json.RootElement.GetProperty("upload_url").GetString()!),
                    new Uri(json.RootElement.GetProperty("file_url").GetString()!),
                    request.Target.Contains("multipart", StringComparison.Ordinal)));
            }
            else if (request.Steps[0] == "valid part" && etag is not null)
            {
                multipart!.ETags[multipart.ETags.Count + 1] = etag;
            }
            else if (request.Steps[0] is "valid PUT" or "valid complete")
            {
                var done = request.Steps[0] == "valid PUT" ? single! : multipart!;
                files.Add(done.FileUrl);
                done.ETags.Clear();
            }
            else
            {
                RecordTokenFlow(request, body, etag);
            }
        }

        private FuzzRequest Initiate(bool multipart)
        {
            var request = new FuzzRequest("POST", multipart ? "/storage/upload/initiate-multipart?storage_type=fal-cdn-v3" : "/storage/upload/initiate", multipart ? "initiate multipart" : "initiate")
            {
                Body = Encoding.UTF8.GetBytes(EmulatorHttp.InitiateBody("image/png", $"{marker}-{random.Next(1000)}.png")),
            };
            request.Set("Authorization", "Key " + EmulatorFixture.TestKey);
            request.Set("Content-Type", "application/json");
            return request;
        }

        private static FuzzRequest Put(Upload upload, byte[] body) =>
            new("PUT", upload.Path + upload.Query, "PUT") { Body = body };

        private static FuzzRequest Part(Upload upload, int number, byte[] body) =>
            new("PUT", $"{upload.Path}/{number}{upload.Query}", "part") { Body = body };

        private static FuzzRequest Complete(Upload upload, string body)
        {
            var request = new FuzzRequest("POST", $"{upload.Path}/complete{upload.Query}", "complete") { Body = Encoding.UTF8.GetBytes(body) };
            request.Set("Content-Type", "application/json");
            return request;
        }

        private static string ValidParts(Upload upload) => EmulatorHttp.CompleteBody(upload.ETags.Select(pair => (pair.Key, pair.Value)));

        // ---- Randomness ----

        /// <summary>The test key with its last letter's case changed.</summary>
        private const string KeyLookalike = "test-key-id:test-key-secreT";

        private T? Pick<T>(IReadOnlyList<T> items) => items.Count == 0 ? default : items[random.Next(items.Count)];

        /// <summary>Mostly small, sometimes over the part and body limits.</summary>
        private int BodySize() => random.NextDouble() switch
        {
            < 0.7 => random.Next(0, 2048),
            < 0.9 => random.Next(2048, MaxPartSize + 8192),
            _ => random.Next(MaxPartSize, MaxBodySize + 32 * 1024),
        };

        private byte[] RandomBytes(int length)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            return bytes;
        }

        private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

        [GeneratedRegex("[0-9a-f]{32}")]
        private static partial Regex UploadIdPattern();

        [GeneratedRegex(@"(?:^|\r\n)HTTP/1\.[01] (\d{3})")]
        private static partial Regex StatusLinePattern();

        [GeneratedRegex(@" HTTP/1\.[01]$")]
        private static partial Regex OneOneOrOneZero();
    }
}
