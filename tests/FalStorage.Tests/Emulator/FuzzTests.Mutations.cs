using System.Globalization;
using System.Text;
using System.Text.Json;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

/// <summary>The fuzzer's mutations: a valid request to one of the routes, then its method, path, query, headers or body changed.</summary>
public sealed partial class FuzzTests
{
    private sealed partial class FuzzLane
    {
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
            switch (random.Next(19))
            {
                case >= 14:
                    return PlatformCall();
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
                    var nearby = long.TryParse(parameters[expiresAt]["expires=".Length..], out var expires) ? (expires + random.Next(-2, 3)).ToString(CultureInfo.InvariantCulture) : "0";
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
                1 => random.Next().ToString(CultureInfo.InvariantCulture),
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
                var number = Pick(["1", (i + 1).ToString(CultureInfo.InvariantCulture), "0", "-1", "2147483647", "1e10", "\"1\"", "1.5", "null"])!;
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
    }
}
