using System.Text.Json;
using FalStorage.Emulator;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>The canary suite's rows on both upload flows, and what it looks for of a CDN token.</summary>
public sealed partial class SecretsTests
{
    /// <summary>The rows of Send-FalAsset's faults, made on <paramref name="flow"/>: each fails the same step of it.</summary>
    private static IEnumerable<KeyValuePair<string, Case>> OnEitherFlow(UploadFlowRoutes flow)
    {
        var connect = Connect.TrimEnd() + " -UploadFlow " + flow + "\n";
        var token = flow == UploadFlowRoutes.CdnToken;
        var rows = new Dictionary<string, Case>
        {
            ["Send-FalAsset [Path]: 429 on each file's first request, retried"] =
                new Case(connect + "Send-FalAsset -Path $file -MaxRetries 1", "FalStorage.RateLimited") { Emulator = o => RateLimitEvery(o, flow.FirstOfFile, TimeSpan.FromSeconds(1)), Retry = "Retry 1 of 1" },
            ["Send-FalAsset [LiteralPath]: 429 on the bytes"] =
                new Case(connect + "[IO.FileInfo]::new($file) | Send-FalAsset -MaxRetries 0", "FalStorage.RateLimited") { Emulator = o => RateLimitEvery(o, flow.Upload, TimeSpan.FromSeconds(1)) },
            ["Send-FalAsset [Path]: 5xx on each file's first request, retried"] =
                new Case(connect + "Send-FalAsset -Path $file -MaxRetries 1", "FalStorage.ServiceError") { Emulator = o => o.Faults[flow.FirstOfFile].ServerErrorRate = 1, Retry = "Retry 1 of 1" },
            ["Send-FalAsset [Path]: 5xx on the start of a multipart upload"] =
                new Case(connect + $"Send-FalAsset -Path $large {Multipart} -MaxRetries 0", "FalStorage.ServiceError") { Emulator = o => o.Faults[flow.StartParts].ServerErrorRate = 1 },
            ["Send-FalAsset [Path]: 5xx on a part"] =
                new Case(connect + $"Send-FalAsset -Path $large {Multipart} -MaxRetries 0", "FalStorage.ServiceError") { Emulator = o => o.Faults[flow.Part].ServerErrorRate = 1 },
            ["Send-FalAsset [Path]: 5xx on the completion"] =
                new Case(connect + $"Send-FalAsset -Path $large {Multipart} -MaxRetries 0", "FalStorage.ServiceError") { Emulator = o => o.Faults[flow.Complete].ServerErrorRate = 1 },
            ["Send-FalAsset [Path]: a dropped first request"] =
                new Case(connect + "Send-FalAsset -Path $file -MaxRetries 0", "FalStorage.EndpointUnreachable") { Emulator = o => o.Faults[flow.FirstOfFile].DropRate = 1 },
            ["Send-FalAsset [Path]: a dropped part"] =
                new Case(connect + $"Send-FalAsset -Path $large {Multipart} -MaxRetries 0", "FalStorage.EndpointUnreachable") { Emulator = o => o.Faults[flow.Part].DropRate = 1 },
            ["Send-FalAsset [Path]: the first request times out"] =
                new Case(connect + "Send-FalAsset -Path $file -TimeoutSec 1 -MaxRetries 0", "FalStorage.Timeout") { Emulator = o => o.Faults[flow.FirstOfFile].Latency = TimeSpan.FromSeconds(30) },

            // The signed URL or the token expires while a Retry-After is waited out (the emulator's clock jumps at the retry).
            ["Send-FalAsset [Path]: 403 or 401 for an upload URL or token that expired during a retry, renewed"] =
                new Case(connect + "Send-FalAsset -Path $file -SkipUnchanged")
                {
                    Emulator = o =>
                    {
                        o.TimeProvider = ClockThatJumps.PastEveryLifetimeAt(o.Faults, flow.Upload, 2);
                        FailFirst(o, flow.Upload, FaultAction.RateLimit).RetryAfter = TimeSpan.FromMilliseconds(100);
                    },
                    Retry = token ? "the CDN token was refused (401); asking for a new one" : "starting again with a new one",
                    Assets = 1,
                },
            ["Send-FalAsset [Path, LiteralPath] -SkipUnchanged: uploaded (one in parts) and remembered, then reused"] =
                new Case(connect + $"""
                    Send-FalAsset -Path $file, $large -SkipUnchanged {Multipart} -Verify
                    Send-FalAsset -Path $file, $large -SkipUnchanged -IndexPath $env:FAL_UPLOAD_INDEX {Multipart}
                    [IO.FileInfo]::new($file) | Send-FalAsset -SkipUnchanged -FileName renamed.png
                    """)
                {
                    Retry = "unchanged since it was uploaded",
                    Assets = 5,
                },
            ["Send-FalAsset [Content]: bytes, a string and a stream in parts, the first request failing once"] =
                new Case(connect + $"""
                    Send-FalAsset -Content ([IO.File]::ReadAllBytes($file)) -FileName bytes.png -Verify -SkipUnchanged
                    Send-FalAsset -Content 'a prompt' -FileName prompt.txt -SkipUnchanged
                    Send-FalAsset -Content ([IO.File]::OpenRead($large)) -FileName streamed.bin {Multipart} -Verify
                    """)
                {
                    Emulator = o => FailFirst(o, flow.FirstOfFile, FaultAction.ServerError),
                    Assets = 3,
                },
            ["Send-FalAsset [Content]: a stream that throws as it is read"] =
                new Case(connect + "Send-FalAsset -Content ([IO.Compression.GZipStream]::new([IO.MemoryStream]::new([byte[]](1..100)), [IO.Compression.CompressionMode]::Decompress)) -FileName broken.bin", "FalStorage.ContentReadFailed"),
            ["Send-FalAsset [Path]: a file deleted while its upload waits to retry"] =
                new Case(connect + "Send-FalAsset -Path $file -MaxRetries 1", "FalStorage.FileReadFailed")
                {
                    Emulator = o => FailFirst(o, flow.Upload, FaultAction.ServerError),
                    During = (t, file) => t.DeleteOnceTheUploadIsAnsweredAsync(file, flow.Upload),
                },
        };
        return rows.Select(row => KeyValuePair.Create($"{row.Key} ({flow})", row.Value));
    }

    /// <summary>The first upload of the bytes fails; while the upload waits to try again, the file goes.</summary>
    private async Task DeleteOnceTheUploadIsAnsweredAsync(string file, RouteKind upload)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (_emulator.Emulator.Faults.RequestCount(upload) < 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }

        // On Windows the file cannot go while the first attempt still has it open.
        while (true)
        {
            try
            {
                File.Delete(file);
                return;
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(5);
            }
        }
    }

    /// <summary>
    /// What no stream may show of a CDN token: any 8 characters in a row of the foreign service's canary token, and of
    /// the first field of the emulator's tokens for the canary key. The emulator derives that field from the key alone
    /// (an HMAC), so the token the module got begins with the one asked for here (tokens are never logged, so not
    /// read from the log); the rest of a token is random and its expiry. Every 8 in a row of a 22-character field:
    /// a token shown whole, cut or quoted shows one.
    /// </summary>
    private async Task<string[]> EmulatorTokenPartsAsync()
    {
        using var answer = await _emulator.HttpClient.SendAsync(TokenHttp.TokenRequest(Canary));
        var issued = answer.IsSuccessStatusCode ? JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()! : null;
        return [.. EightInARow(TokenCanary), .. issued == null ? [] : EightInARow(issued.Split('.')[0])];
    }

    private static string[] EightInARow(string secret) => Enumerable.Range(0, secret.Length - 7).Select(i => secret.Substring(i, 8)).ToArray();

    /// <summary>A service that issues <see cref="TokenCanary"/> and whose CDN refuses every upload with <paramref name="status"/>,
    /// quoting the token it was sent (from its Authorization header).</summary>
    private static ForeignEndpoint IssuingTheCanaryToken(int status)
    {
        ForeignEndpoint? server = null;
        server = new ForeignEndpoint(head =>
        {
            if (head.StartsWith("POST /storage/auth/token", StringComparison.Ordinal))
            {
                var expires = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", System.Globalization.CultureInfo.InvariantCulture);
                return new ForeignAnswer(200, "application/json", JsonSerializer.Serialize(new { token = TokenCanary, token_type = "Bearer", base_url = server!.Address.AbsoluteUri.TrimEnd('/'), expires_at = expires }));
            }

            const string Header = "Authorization: Bearer ";
            var line = head.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(Header, StringComparison.OrdinalIgnoreCase));
            return new ForeignAnswer(status, "application/json", JsonSerializer.Serialize(new { detail = $"Token '{line?[Header.Length..]}' may not upload this." }));
        });
        return server;
    }
}
