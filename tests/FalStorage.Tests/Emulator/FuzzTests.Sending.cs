using System.Diagnostics;
using System.Net;
using System.Text;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

/// <summary>How the fuzzer sends a request through HttpClient and judges the answer.</summary>
public sealed partial class FuzzTests
{
    private sealed partial class FuzzLane
    {
        private async Task<(int Status, string Body, string? ETag)> SendAsync(int index, FuzzRequest request)
        {
            Report.Requests++;
            var description = $"lane {lane} #{index}: {request.Method} {Shorten(request.Target)} | {request.Describe()}";
            if (TargetUri(baseAddress, request.Target) is not { } uri)
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

    /// <summary>The fuzzer's own client (issue 17, item 15: a 505 to lane 1 #993 of seed 20260606, on a loaded machine):
    /// a target with a character beyond ASCII goes out percent-encoded, and nothing of the request before it on the
    /// connection takes its place.</summary>
    [Fact]
    public async Task The_fuzzers_client_sends_a_non_ascii_target_percent_encoded_and_nothing_of_the_request_before_it()
    {
        await using var emulator = await EmulatorFixture.StartAsync();
        using var client = NewClient(emulator.BaseAddress);
        using (var earlier = new HttpRequestMessage(HttpMethod.Post, TargetUri(emulator.BaseAddress, "/storage/upload/initiate")))
        {
            earlier.Headers.TryAddWithoutValidation("X-Filler", new string('h', 200));
            using var refused = await client.SendAsync(earlier);
        }

        var sent = new WireRequest("the non-ASCII target");
        WireConnection.Sending.Value = sent;
        var value = new string('a', 40);
        using var response = await client.GetAsync(TargetUri(emulator.BaseAddress, $"/x?\u00e9={value}"));

        var transcript = sent.Transcript();
        var own = transcript[transcript.IndexOf("bytes of the non-ASCII target", StringComparison.Ordinal)..];
        Assert.True(own.Contains($"\n    GET /x?%C3%A9={value} HTTP/1.1\\r\\n", StringComparison.Ordinal) && !own.Contains("initiate", StringComparison.Ordinal), transcript);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>The URI HttpClient sends <paramref name="target"/> to, as it is (no dot segments resolved, no
    /// re-encoding) but for characters beyond ASCII, which go percent-encoded as UTF-8; null if it is no URI.</summary>
    /// <remarks>With <see cref="UriCreationOptions.DangerousDisablePathAndQueryCanonicalization"/> the escaping is the
    /// caller's, and HttpClient writes a target that is not ASCII wrongly: in place of its bytes from the first non-ASCII
    /// character on, the connection got what its write buffer held there before, the headers of an earlier request.
    /// Kestrel then read a request line that was never made (a 505 for its "version" <c>chunked</c>). Raw requests
    /// still send such characters unencoded.</remarks>
    private static Uri? TargetUri(Uri baseAddress, string target)
    {
        var ascii = string.Concat(target.EnumerateRunes().Select(rune => rune.IsAscii ? rune.ToString()
            : string.Concat(Encoding.UTF8.GetBytes(rune.ToString()).Select(b => $"%{b:X2}"))));
        try
        {
            return new Uri(baseAddress.GetLeftPart(UriPartial.Authority) + (ascii.StartsWith('/') ? "" : "/") + ascii, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        }
        catch (UriFormatException)
        {
            return null;
        }
    }
}
