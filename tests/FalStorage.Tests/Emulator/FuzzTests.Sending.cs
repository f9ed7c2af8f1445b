using System.Diagnostics;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

/// <summary>How the fuzzer sends a request through HttpClient and judges the answer.</summary>
public sealed partial class FuzzTests
{
    private sealed partial class FuzzLane
    {
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

            var sent = new WireRequest(description);
            WireConnection.Sending.Value = sent;
            try
            {
                using var response = await client.SendAsync(message);
                var text = await response.Content.ReadAsStringAsync();
                Report.Record((int)response.StatusCode, description, stopwatch.Elapsed, wire: sent.Transcript);
                return ((int)response.StatusCode, text, response.Headers.ETag?.ToString());
            }
            catch (TaskCanceledException)
            {
                Report.Violations.Add("no answer within 30 s: " + description + sent.Transcript());
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or FormatException)
            {
                // The client refused what it was given (a CR in a header, a wrong Content-Length), or the emulator
                // closed the connection on a request it would not read: no status to judge; the final checks still apply.
                Report.ClientErrors++;
            }

            return (0, "", null);
        }
    }
}
