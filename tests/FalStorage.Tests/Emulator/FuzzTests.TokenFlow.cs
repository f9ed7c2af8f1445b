using System.Globalization;
using System.Text;
using System.Text.Json;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

/// <summary>The CDN token flow's part of the fuzzer: its requests, valid and mutated, and the state they build.</summary>
public sealed partial class FuzzTests
{
    private static readonly string[] TokenFlowRoutes = ["token", "token-upload", "token-multipart", "token-part", "token-complete"];

    private const string TokenFileNameHeader = TokenHttp.FileNameHeader;

    /// <summary>A multipart upload of the token flow that this lane started, with the ETags of the parts it sent.</summary>
    private sealed record TokenMultipart(Uri AccessUrl, string UploadId)
    {
        public Dictionary<int, string> ETags { get; } = [];

        public string Path => AccessUrl.AbsolutePath;
    }

    private sealed partial class FuzzLane
    {
        private readonly List<TokenMultipart> tokenUploads = [];

        /// <summary>The lane's latest token (null until it got one); it expires as the clock moves.</summary>
        private string? token;

        /// <summary>A well-formed request to route <paramref name="route"/> of the token flow (0 to 4), on this lane's uploads where it has some.</summary>
        private FuzzRequest TokenFlowRequest(int route)
        {
            var upload = Pick(tokenUploads) ?? new TokenMultipart(new Uri(baseAddress, "/files/0123456789abcdef0123456789abcdef/a.mp4"), "0123456789abcdef0123456789abcdef");
            return route switch
            {
                0 => TokenRequest(),
                1 => TokenUpload(RandomBytes(BodySize()), multipart: false),
                2 => TokenUpload(null, multipart: true),
                3 => TokenPart(upload, random.Next(-1, MaxParts + 3), RandomBytes(BodySize())),
                _ => TokenComplete(upload, random.Next(2) == 0 ? TokenParts(upload) : RandomParts()),
            };
        }

        /// <summary>One valid step of the token flow: a token, an upload, or the next step of a multipart upload.</summary>
        private FuzzRequest ValidTokenStep()
        {
            var multipart = Pick(tokenUploads.Where(upload => upload.ETags.Count < 4 || random.Next(2) == 0).ToList());
            return token is null ? TokenRequest() : random.Next(5) switch
            {
                0 => TokenRequest(),
                1 => TokenUpload(RandomBytes(random.Next(0, 8192)), multipart: false),
                2 => TokenUpload(null, multipart: true),
                _ when multipart is null => TokenUpload(null, multipart: true),
                _ when multipart.ETags.Count < 4 => TokenPart(multipart, multipart.ETags.Count + 1, RandomBytes(random.Next(0, 8192))),
                _ => TokenComplete(multipart, TokenParts(multipart)),
            };
        }

        /// <summary>Keeps what a valid step of the token flow answered.</summary>
        private void RecordTokenFlow(FuzzRequest request, string body, string? etag)
        {
            switch (request.Steps[0])
            {
                case "valid token":
                    using (var json = JsonDocument.Parse(body))
                    {
                        token = json.RootElement.GetProperty("token").GetString();
                    }

                    break;
                case "valid token-upload" or "valid token-complete":
                    using (var json = JsonDocument.Parse(body))
                    {
                        var accessUrl = new Uri(json.RootElement.GetProperty("access_url").GetString()!);
                        files.Add(accessUrl);
                        tokenUploads.Find(upload => upload.AccessUrl == accessUrl)?.ETags.Clear();
                    }

                    break;
                case "valid token-multipart":
                    using (var json = JsonDocument.Parse(body))
                    {
                        tokenUploads.Add(new TokenMultipart(
                            new Uri(json.RootElement.GetProperty("access_url").GetString()!),
                            json.RootElement.GetProperty("uploadId").GetString()!));
                    }

                    break;
                case "valid token-part" when etag is not null:
                    var number = int.Parse(request.Target[(request.Target.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
                    tokenUploads.Find(upload => request.Target.StartsWith(upload.Path + "/multipart/" + upload.UploadId + "/", StringComparison.Ordinal))!.ETags[number] = etag;
                    break;
            }
        }

        /// <summary>Bearer values for the Authorization mutations: the lane's token, altered, cut, doubled, or absent.</summary>
        private string[] TokenAuthorizations()
        {
            var current = token ?? "none.0.none.none";
            return [$"Bearer {current}", $"bearer {current}", $"Bearer {current}x", $"Bearer {current[..^1]}", $"Bearer {current} {current}",
                $"Bearer {current.Replace('.', '-')}", $"Key {current}", "Bearer", "Bearer " + new string('t', 20_000)];
        }

        private static FuzzRequest TokenRequest()
        {
            var request = new FuzzRequest("POST", EmulatorHttp.InitiatePath.Replace("/storage/upload/initiate", "/storage/auth/token", StringComparison.Ordinal), "token")
            {
                Body = "{}"u8.ToArray(),
            };
            request.Set("Authorization", "Key " + EmulatorFixture.TestKey);
            request.Set("Content-Type", "application/json");
            return request;
        }

        private FuzzRequest TokenUpload(byte[]? body, bool multipart)
        {
            var request = new FuzzRequest("POST", multipart ? "/files/upload/multipart" : "/files/upload", multipart ? "token-multipart" : "token-upload") { Body = body };
            request.Set("Authorization", $"Bearer {token}");
            request.Set("Content-Type", "video/mp4");
            request.Set(TokenFileNameHeader, $"{marker}-{random.Next(1000)}.mp4");
            return request;
        }

        private FuzzRequest TokenPart(TokenMultipart upload, int number, byte[] body)
        {
            var request = new FuzzRequest("PUT", $"{upload.Path}/multipart/{upload.UploadId}/{number}", "token-part") { Body = body };
            request.Set("Authorization", $"Bearer {token}");
            return request;
        }

        private FuzzRequest TokenComplete(TokenMultipart upload, string body)
        {
            var request = new FuzzRequest("POST", $"{upload.Path}/multipart/{upload.UploadId}/complete", "token-complete") { Body = Encoding.UTF8.GetBytes(body) };
            request.Set("Authorization", $"Bearer {token}");
            request.Set("Content-Type", "application/json");
            return request;
        }

        private static string TokenParts(TokenMultipart upload) => EmulatorHttp.CompleteBody(upload.ETags.Select(pair => (pair.Key, pair.Value)));
    }
}
