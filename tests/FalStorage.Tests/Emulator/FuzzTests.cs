using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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

        foreach (var route in (string[])["initiate", "initiate-multipart", "upload", "part", "complete", "file", .. TokenFlowRoutes])
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
            .Select(match => (match.Groups["route"].Value, int.Parse(match.Groups["status"].Value))).ToList();

    [GeneratedRegex(@" route=(?<route>\S+) status=(?<status>\d+) ")]
    private static partial Regex RequestLogLine();

    /// <summary>Health answers, every object it lists is served whole, and a new upload goes through.</summary>
    private static async Task AssertStillWorksAsync(EmulatorFixture emulator)
    {
        using var health = await emulator.HttpClient.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        // The clock stands still now, so no object's lifecycle ends during these reads.
        foreach (var stored in emulator.Emulator.ListObjects())
        {
            using var get = await emulator.HttpClient.GetAsync($"/files/{stored.Id}/{Uri.EscapeDataString(stored.FileName)}");
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal(stored.Sha256, Convert.ToHexStringLower(SHA256.HashData(await get.Content.ReadAsByteArrayAsync())));
        }

        var fileUrl = await emulator.HttpClient.UploadAsync(EmulatorFixture.TestKey, [4, 2], fileName: "after-the-fuzz.png");
        Assert.Equal([4, 2], await emulator.HttpClient.GetByteArrayAsync(fileUrl));
    }

    private static HttpClient NewClient(Uri baseAddress) =>
        new(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,

            // Non-ASCII header values go out as UTF-8 rather than being refused by the client.
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>What one lane saw; <see cref="Violations"/> are the failures.</summary>
    private sealed class FuzzReport
    {
        public int Requests { get; set; }

        public int Raw { get; set; }

        public int Valid { get; set; }

        public int ClientErrors { get; set; }

        public Dictionary<int, int> Statuses { get; } = [];

        public List<string> Violations { get; } = [];

        /// <summary>The slowest requests: where the run's time goes, should it grow.</summary>
        public List<(double Milliseconds, string Description)> Slowest { get; private set; } = [];

        public static FuzzReport Merge(IEnumerable<FuzzReport> reports)
        {
            var merged = new FuzzReport();
            foreach (var report in reports)
            {
                merged.Requests += report.Requests;
                merged.Raw += report.Raw;
                merged.Valid += report.Valid;
                merged.ClientErrors += report.ClientErrors;
                merged.Violations.AddRange(report.Violations);
                merged.Slowest = [.. merged.Slowest.Concat(report.Slowest).OrderByDescending(slow => slow.Milliseconds).Take(SlowestKept)];
                foreach (var (status, count) in report.Statuses)
                {
                    merged.Statuses[status] = merged.Statuses.GetValueOrDefault(status) + count;
                }
            }

            return merged;
        }

        private const int SlowestKept = 5;

        /// <param name="otherVersion">The request line named an HTTP version other than 1.0 and 1.1, to which 505
        /// (HTTP Version Not Supported, from Kestrel) is the right answer, the only 5xx that is.</param>
        public void Record(int status, string description, TimeSpan elapsed, bool otherVersion = false)
        {
            Statuses[status] = Statuses.GetValueOrDefault(status) + 1;
            if (status >= 500 && !(status == 505 && otherVersion))
            {
                Violations.Add($"{status}: {description}");
            }

            Slowest = [.. Slowest.Append((Milliseconds: elapsed.TotalMilliseconds, Description: description)).OrderByDescending(slow => slow.Milliseconds).Take(SlowestKept)];
        }
    }

    /// <summary>Moves the clock once every lane has arrived, so each lane's requests meet the same clock in every run.</summary>
    private sealed class ClockSteps(int lanes, ManualTimeProvider clock, TimeSpan step)
    {
        private readonly Lock gate = new();
        private int arrived;
        private TaskCompletionSource moved = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task ArriveAsync()
        {
            lock (gate)
            {
                var waiting = moved;
                if (++arrived == lanes)
                {
                    arrived = 0;
                    clock.Now += step;
                    moved = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    waiting.SetResult();
                }

                return waiting.Task;
            }
        }
    }

    /// <summary>A request before it is sent: the target is sent as it is (no dot segments resolved, no re-encoding).</summary>
    private sealed class FuzzRequest(string method, string target, string route)
    {
        public string Method { get; set; } = method;

        public string Target { get; set; } = target;

        public List<(string Name, string Value)> Headers { get; } = [];

        public byte[]? Body { get; set; }

        public bool Chunked { get; set; }

        /// <summary>A Content-Length other than the body's: the client gives up mid-request, the server sees a short body.</summary>
        public long? DeclaredLength { get; set; }

        public List<string> Steps { get; } = [route];

        public string Describe() => string.Join(" | ", Steps);

        public void Set(string name, string value)
        {
            Headers.RemoveAll(header => header.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            Headers.Add((name, value));
        }
    }

    /// <summary>An upload this lane initiated, with the ETags of the parts it sent.</summary>
    private sealed record Upload(Uri UploadUrl, Uri FileUrl, bool Multipart)
    {
        public Dictionary<int, string> ETags { get; } = [];

        public string Path => UploadUrl.AbsolutePath;

        public string Query => UploadUrl.Query;

        public string Id => UploadUrl.Segments[^1];
    }

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

        // ---- Mutated requests ----

        private FuzzRequest Mutated()
        {
            var request = BaseRequest();
            var mutations = 1 + random.Next(3);
            for (var i = 0; i < mutations; i++)
            {
                switch (random.Next(5))
                {
                    case 0:
                        request.Method = Pick(Methods)!;
                        request.Steps.Add("method " + request.Method);
                        break;
                    case 1:
                        MutatePath(request);
                        break;
                    case 2:
                        MutateQuery(request);
                        break;
                    case 3:
                        MutateHeaders(request);
                        break;
                    default:
                        MutateBody(request);
                        break;
                }
            }

            return request;
        }

        /// <summary>A well-formed request to one of the routes, on this lane's uploads where it has some.</summary>
        private FuzzRequest BaseRequest()
        {
            var upload = Pick(uploads) ?? new Upload(new Uri(baseAddress, "/uploads/0123456789abcdef0123456789abcdef?expires=1&signature=x"), new Uri(baseAddress, "/files/0123456789abcdef0123456789abcdef/a.png"), random.Next(2) == 0);
            switch (random.Next(14))
            {
                case >= 9 and var route:
                    return TokenFlowRequest(route - 9);
                case 0:
                    return Initiate(multipart: false);
                case 1:
                    return Initiate(multipart: true);
                case 2:
                    return Put(upload, RandomBytes(BodySize()));
                case 3:
                    return Part(upload, random.Next(-1, MaxParts + 3), RandomBytes(BodySize()));
                case 4:
                    return Complete(upload, random.Next(2) == 0 ? ValidParts(upload) : RandomParts());
                case 5:
                case 6:
                    var file = Pick(files) ?? upload.FileUrl;
                    return new FuzzRequest(random.Next(2) == 0 ? "GET" : "HEAD", file.PathAndQuery, "file");
                case 7:
                    return new FuzzRequest("GET", "/health", "health");
                default:
                    return new FuzzRequest(Pick(Methods)!, "/" + string.Join("/", Enumerable.Range(0, random.Next(1, 5)).Select(_ => Pick(junkSegments))), "unknown route");
            }
        }

        private void MutatePath(FuzzRequest request)
        {
            var queryAt = request.Target.IndexOf('?', StringComparison.Ordinal);
            var path = queryAt < 0 ? request.Target : request.Target[..queryAt];
            var query = queryAt < 0 ? "" : request.Target[queryAt..];
            var segments = path.Split('/').ToList();
            var at = 1 + random.Next(Math.Max(1, segments.Count - 1));
            var junk = Pick(junkSegments)!;
            switch (random.Next(7))
            {
                case 0:
                    segments[Math.Min(at, segments.Count - 1)] = junk;
                    request.Steps.Add($"path segment {at} = {Shorten(junk)}");
                    break;
                case 1:
                    segments.Insert(Math.Min(at, segments.Count), junk);
                    request.Steps.Add($"path insert {Shorten(junk)}");
                    break;
                case 2 when segments.Count > 2:
                    segments.RemoveAt(Math.Min(at, segments.Count - 1));
                    request.Steps.Add("path drop segment");
                    break;
                case 3 when Pick(uploads) is { } other && UploadIdPattern().Match(path) is { Success: true } id:
                    // Another upload's id (maybe of the other kind) under this request's signature.
                    segments = path.Replace(id.Value, other.Id, StringComparison.Ordinal).Split('/').ToList();
                    request.Steps.Add("path id of another upload");
                    break;
                case 4:
                    var chars = string.Join("/", segments).ToCharArray();
                    var position = random.Next(chars.Length);
                    chars[position] = "0aF./%\\"[random.Next(7)];
                    segments = new string(chars).Split('/').ToList();
                    request.Steps.Add($"path char {position} changed");
                    break;
                case 5:
                    segments = string.Concat(string.Join("/", segments).Select(c => c != '/' && random.Next(4) == 0 ? $"%{(int)c:X2}" : c.ToString())).Split('/').ToList();
                    request.Steps.Add("path percent-encoded");
                    break;
                default:
                    segments.Add(Pick(["", ".", "..", "/", "%2F"])!);
                    request.Steps.Add("path trailing junk");
                    break;
            }

            request.Target = string.Join("/", segments) + query;
        }

        private void MutateQuery(FuzzRequest request)
        {
            var queryAt = request.Target.IndexOf('?', StringComparison.Ordinal);
            var path = queryAt < 0 ? request.Target : request.Target[..queryAt];
            var parameters = queryAt < 0 ? [] : request.Target[(queryAt + 1)..].Split('&').ToList();
            var signatureAt = parameters.FindIndex(parameter => parameter.StartsWith("signature=", StringComparison.Ordinal));
            var expiresAt = parameters.FindIndex(parameter => parameter.StartsWith("expires=", StringComparison.Ordinal));
            switch (random.Next(8))
            {
                case 0:
                    parameters.RemoveAll(parameter => parameter.StartsWith(Pick(["expires", "signature", ""])!, StringComparison.Ordinal));
                    request.Steps.Add("query drop");
                    break;
                case 1 when signatureAt >= 0 && parameters[signatureAt].Length > "signature=".Length:
                    var signature = parameters[signatureAt].ToCharArray();
                    var position = "signature=".Length + random.Next(signature.Length - "signature=".Length);
                    signature[position] = Alphabet[random.Next(Alphabet.Length)];
                    parameters[signatureAt] = new string(signature);
                    request.Steps.Add($"query signature char {position}");
                    break;
                case 2 when expiresAt >= 0:
                    var nearby = long.TryParse(parameters[expiresAt]["expires=".Length..], out var expires) ? (expires + random.Next(-2, 3)).ToString() : "0";
                    parameters[expiresAt] = "expires=" + Pick(["0", "-1", "1", "99999999999999999999", "abc", "", "1e10", "%2B1", "1.5", "9223372036854775807", nearby]);
                    request.Steps.Add("query " + parameters[expiresAt]);
                    break;
                case 3 when Pick(uploads) is { } other:
                    parameters = other.Query.TrimStart('?').Split('&').ToList();
                    request.Steps.Add("query of another upload");
                    break;
                case 4 when parameters.Count > 0:
                    parameters.Add(parameters[random.Next(parameters.Count)]);
                    request.Steps.Add("query duplicated parameter");
                    break;
                case 5 when signatureAt >= 0:
                    parameters[signatureAt] += Pick(["=", "==", "%3D", "+", "%20", "%00", "%zz", "A"]);
                    request.Steps.Add("query signature suffix");
                    break;
                case 6:
                    parameters.Add(Pick(junkSegments) + "=" + Pick(junkSegments));
                    request.Steps.Add("query junk parameter");
                    break;
                default:
                    parameters = [Pick(["", "?", "&&&", "=", "expires", "signature=&expires=", "%", "a=%ZZ", new string('a', 6000)])!];
                    request.Steps.Add("query replaced");
                    break;
            }

            request.Target = path + (parameters.Count == 0 ? "" : "?" + string.Join("&", parameters));
        }

        private void MutateHeaders(FuzzRequest request)
        {
            switch (random.Next(8))
            {
                case 7:
                    var headerFileName = Pick(fileNames)!;
                    request.Set(TokenFileNameHeader, headerFileName);
                    request.Steps.Add($"{TokenFileNameHeader} {Shorten(headerFileName)}");
                    break;
                case 0:
                    var key = EmulatorFixture.TestKey;
                    var authorization = Pick(["", "Key", "Key ", $"Key {key}", $"key {key}", $"KEY  {key}", $"Bearer {key}", $"Key {key} extra", "Key wrong:key",
                        "Key " + new string('k', 20_000), "Basic dGVzdDp0ZXN0", $"Key {key}\u00e9", $"Key {KeyLookalike}", .. TokenAuthorizations()])!;
                    request.Set("Authorization", authorization);
                    request.Steps.Add("Authorization " + Shorten(authorization));
                    break;
                case 1:
                    var contentType = Pick(ContentTypes)!;
                    request.Set("Content-Type", contentType);
                    request.Steps.Add("Content-Type " + Shorten(contentType));
                    break;
                case 2:
                    var name = Pick(["X-Fal-Object-Lifecycle", "X-Fal-Object-Lifecycle-Preference"])!;
                    var lifecycle = Pick(LifecycleValues)!;
                    request.Set(name, lifecycle);
                    request.Steps.Add($"{name} {Shorten(lifecycle)}");
                    break;
                case 3:
                    var conditional = Pick(ConditionalHeaders)!;
                    var value = Pick(ConditionalValues)!;
                    request.Set(conditional, value);
                    request.Steps.Add($"{conditional} {value}");
                    break;
                case 4:
                    request.Set("X-Fuzz-" + random.Next(100), new string((char)random.Next(0x21, 0x7f), random.Next(1, 20_000)));
                    request.Steps.Add("long junk header");
                    break;
                case 5:
                    request.Set("Expect", "100-continue");
                    request.Steps.Add("Expect 100-continue");
                    break;
                default:
                    var host = Pick(["evil.example", "[::1]", "127.0.0.1:1", "a b", "", "h\u00e9st", new string('h', 3000)])!;
                    request.Set("Host", host);
                    request.Steps.Add("Host " + Shorten(host));
                    break;
            }
        }

        private void MutateBody(FuzzRequest request)
        {
            var body = request.Body ?? [];
            switch (random.Next(10))
            {
                case 0:
                    request.Body = [];
                    request.Steps.Add("body empty");
                    break;
                case 1:
                    request.Body = RandomBytes(BodySize());
                    request.Steps.Add($"body random {request.Body.Length} bytes");
                    break;
                case 2 when body.Length > 1:
                    request.Body = body[..random.Next(body.Length)];
                    request.Steps.Add($"body truncated to {request.Body.Length}");
                    break;
                case 3 when body.Length > 0:
                    request.Body = (byte[])body.Clone();
                    request.Body[random.Next(body.Length)] = (byte)random.Next(256);
                    request.Steps.Add("body byte changed");
                    break;
                case 4:
                    var depth = random.Next(1, 300);
                    request.Body = Encoding.UTF8.GetBytes(Pick(["{\"parts\": ", "{\"content_type\": ", ""]) + new string('[', depth) + new string(']', depth) + "}");
                    request.Steps.Add($"body nested {depth}");
                    break;
                case 5:
                    request.Body = Encoding.UTF8.GetBytes(InitiateJson());
                    request.Steps.Add("body initiate JSON");
                    break;
                case 6:
                    request.Body = Encoding.UTF8.GetBytes(RandomParts());
                    request.Steps.Add("body parts JSON");
                    break;
                case 7:
                    request.Body = Pick([Encoding.Unicode.GetPreamble(), Encoding.UTF8.GetPreamble(), new byte[] { 0 }])!.Concat(Encoding.Unicode.GetBytes(InitiateJson())).ToArray();
                    request.Steps.Add("body other encoding");
                    break;
                case 8:
                    request.Chunked = true;
                    request.Steps.Add("body chunked");
                    break;
                default:
                    request.DeclaredLength = Math.Max(0, body.Length + random.Next(-10, 11));
                    request.Steps.Add($"Content-Length {request.DeclaredLength} for {body.Length} bytes");
                    break;
            }
        }

        private string InitiateJson()
        {
            string Value() => random.Next(6) switch
            {
                0 => "null",
                1 => random.Next().ToString(),
                2 => "[\"a.png\"]",
                3 => "\"\\ud800\"",
                4 => JsonSerializer.Serialize(new string('x', random.Next(5000))),
                _ => JsonSerializer.Serialize(Pick(fileNames)),
            };

            return random.Next(3) switch
            {
                0 => $"{{\"content_type\": {JsonSerializer.Serialize(Pick(ContentTypeValues))}, \"file_name\": {Value()}}}",
                1 => $"{{\"content_type\": {Value()}, \"file_name\": {JsonSerializer.Serialize(Pick(fileNames))}, \"file_name\": {Value()}}}",
                _ => EmulatorHttp.InitiateBody(Pick(ContentTypeValues)!, Pick(fileNames)!),
            };
        }

        private string RandomParts()
        {
            var etags = uploads.SelectMany(upload => upload.ETags.Values).ToList();
            var items = Enumerable.Range(0, random.Next(0, MaxParts + 4)).Select(i =>
            {
                var number = Pick(["1", (i + 1).ToString(), "0", "-1", "2147483647", "1e10", "\"1\"", "1.5", "null"])!;
                var etag = Pick([Pick(etags) is { } real ? JsonSerializer.Serialize(real) : "\"x\"", JsonSerializer.Serialize(Convert.ToHexStringLower(RandomBytes(16))), "\"\"", "123", "\"\\\"\\\"\""])!;
                return random.Next(8) switch
                {
                    0 => $"{{\"etag\": {etag}}}",
                    1 => number,
                    _ => $"{{\"partNumber\": {number}, \"etag\": {etag}}}",
                };
            });
            return $"{{\"parts\": [{string.Join(", ", items)}]}}";
        }

        // ---- Raw requests: what HttpClient would not send ----

        /// <returns>The bytes, and whether they end the request: if not (an unfinished chunked body), the sender
        /// half-closes, or the emulator would wait for the rest.</returns>
        private (byte[] Bytes, bool Finished) RawRequest()
        {
            var target = BaseRequest().Target;

            // Half the time a valid initiate body, so an HTTP/1.0 request without Host reaches the building of URLs.
            var body = random.Next(2) == 0 ? Encoding.UTF8.GetBytes(InitiateJson()) : RandomBytes(random.Next(0, 2048));
            var head = random.Next(12) switch
            {
                0 => $"PUT {target} HTTP/9.9\r\nHost: x\r\nContent-Length: {body.Length}\r\n",
                1 => $"GET {target}\r\n",
                2 => $"GET  {target} HTTP/1.1\r\nHost: x\r\n",
                3 => $"GET http://{baseAddress.Authority}{target} HTTP/1.1\r\nHost: x\r\n",
                4 => "CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\n",
                5 => "OPTIONS * HTTP/1.1\r\nHost: x\r\n",
                6 => $"PUT {target} HTTP/1.1\r\nHost: x\r\nContent-Length: {body.Length}\r\nContent-Length: {body.Length + 1}\r\n",
                7 => $"PUT {target} HTTP/1.1\r\nHost: x\r\nContent-Length: {body.Length}\r\nTransfer-Encoding: chunked\r\n",
                8 => $"PUT {target} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: {Pick(["gzip", "chunked, gzip", "identity", "chunked"])}\r\n",
                9 => $"PUT {target} HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\nNo-Colon\r\nContent-Length: {body.Length}\r\n",
                10 => $"POST /storage/upload/initiate HTTP/1.0\r\nAuthorization: Key {EmulatorFixture.TestKey}\r\nContent-Length: {body.Length}\r\n",
                _ => $"PUT {target} HTTP/1.1\r\nHost: x\r\nHost: y\r\nContent-Length: {body.Length + random.Next(-5, 50)}\r\n",
            };
            var bytes = new List<byte>(Encoding.Latin1.GetBytes(head));
            if (random.Next(4) == 0)
            {
                // Bytes no header may hold: control characters, NUL, non-ASCII.
                bytes.AddRange(Encoding.Latin1.GetBytes("X-Junk: "));
                bytes.AddRange(RandomBytes(random.Next(1, 64)));
                bytes.AddRange("\r\n"u8.ToArray());
            }

            bytes.AddRange("Connection: close\r\n\r\n"u8.ToArray());
            var finished = true;
            if (head.Contains("chunked", StringComparison.Ordinal))
            {
                var end = Pick(["\r\n0\r\n\r\n", "\r\n0\r\nTrailer: x\r\n\r\n", "", "\r\n"])!;
                bytes.AddRange(Encoding.Latin1.GetBytes(Pick([$"{body.Length:x}\r\n", "ffffffffffffffff\r\n", "zz\r\n", $"{body.Length:x};ext=\"\r\n", ""])!));
                bytes.AddRange(body);
                bytes.AddRange(Encoding.Latin1.GetBytes(end));
                finished = end.EndsWith("\r\n\r\n", StringComparison.Ordinal);
            }
            else
            {
                bytes.AddRange(body);
            }

            return ([.. bytes], finished);
        }

        /// <summary>Sends the bytes and reads until the emulator closes the connection (every raw request asks it to).
        /// A half-close only for unfinished requests: Kestrel takes it for the client going away, and may not answer.</summary>
        private async Task SendRawAsync(int index, byte[] request, bool finished)
        {
            Report.Requests++;
            Report.Raw++;
            var requestLine = Encoding.Latin1.GetString(request).Split("\r\n")[0];
            var description = $"lane {lane} #{index} raw: {Shorten(requestLine)}";
            var otherVersion = !OneOneOrOneZero().IsMatch(requestLine);
            var stopwatch = Stopwatch.StartNew();
            string answer;
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port);
                var stream = tcp.GetStream();
                await stream.WriteAsync(request);
                if (!finished)
                {
                    tcp.Client.Shutdown(SocketShutdown.Send);
                }

                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                using var reader = new StreamReader(stream, Encoding.Latin1);
                answer = await reader.ReadToEndAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Report.Violations.Add("no answer within 30 s: " + description);
                return;
            }
            catch (IOException)
            {
                Report.ClientErrors++;
                return;
            }

            // Every status line, in case the bytes held more than one request; 1xx are interim.
            var statuses = StatusLinePattern().Matches(answer).Select(match => int.Parse(match.Groups[1].Value)).Where(status => status >= 200).ToList();
            if (statuses.Count == 0)
            {
                Report.ClientErrors++;
            }

            foreach (var status in statuses)
            {
                Report.Record(status, description, stopwatch.Elapsed, otherVersion);
            }
        }

        // ---- Sending ----

        private async Task<(int Status, string Body, string? ETag)> SendAsync(int index, FuzzRequest request)
        {
            Report.Requests++;
            var description = $"lane {lane} #{index}: {request.Method} {Shorten(request.Target)} | {request.Describe()}";
            Uri uri;
            try
            {
                uri = new Uri(baseAddress.GetLeftPart(UriPartial.Authority) + (request.Target.StartsWith('/') ? "" : "/") + request.Target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
            }
            catch (UriFormatException)
            {
                Report.ClientErrors++;
                return (0, "", null);
            }

            var stopwatch = Stopwatch.StartNew();
            using var message = new HttpRequestMessage(new HttpMethod(request.Method), uri);
            if (request.Body is { } body)
            {
                message.Content = request.Chunked ? new StreamContent(new UnseekableStream(body)) : new ByteArrayContent(body);
                if (request.DeclaredLength is { } declared)
                {
                    message.Content.Headers.ContentLength = declared;
                }
            }

            foreach (var (name, value) in request.Headers)
            {
                if (!message.Headers.TryAddWithoutValidation(name, value))
                {
                    message.Content ??= new ByteArrayContent([]);
                    message.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }

            try
            {
                using var response = await client.SendAsync(message);
                var text = await response.Content.ReadAsStringAsync();
                Report.Record((int)response.StatusCode, description, stopwatch.Elapsed);
                return ((int)response.StatusCode, text, response.Headers.ETag?.ToString());
            }
            catch (TaskCanceledException)
            {
                Report.Violations.Add("no answer within 30 s: " + description);
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or FormatException)
            {
                // The client refused what it was given (a CR in a header, a wrong Content-Length), or the emulator
                // closed the connection on a request it would not read: no status to judge; the final checks still apply.
                Report.ClientErrors++;
            }

            return (0, "", null);
        }

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
