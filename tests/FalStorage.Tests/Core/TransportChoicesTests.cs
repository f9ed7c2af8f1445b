using System.Collections.Concurrent;
using System.Security.Cryptography;
using FalStorage.Core.Api;
using FalStorage.Core.Credentials;
using FalStorage.Core.Sources;
using FalStorage.Core.Transfer;
using FalStorage.Core.Uploads;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Core;

/// <summary>
/// Every request the core sends, as the socket handler gets it (a handler at the bottom of its pipeline), makes its
/// transport choices itself rather than leaving them to the runtime: no Expect: 100-continue (.NET Framework's default
/// would cost each upload a round trip), and a body of known length (else .NET Framework's handler buffers it whole).
/// Both flows, one request and in parts, the -Verify read-back and the HEAD checks, against the emulator.
/// </summary>
public sealed class TransportChoicesTests : IClassFixture<EmulatorFixture>
{
    private const long PartSize = TransferOptions.MinimumPartSize;
    private readonly EmulatorFixture _emulator;

    public TransportChoicesTests(EmulatorFixture emulator) => _emulator = emulator;

    [Theory]
    [InlineData(FalUploadFlow.CdnToken)]
    [InlineData(FalUploadFlow.SignedUrl)]
    public async Task Every_request_says_it_expects_no_100_continue_and_every_body_has_a_length(FalUploadFlow flow)
    {
        var seen = new RequestRecorder();
        var client = new FalStorageClient(_emulator.BaseAddress, new FalCredential(_emulator.Key, "Parameter"), seen);
        var options = new TransferOptions { UploadFlow = flow, PartSize = PartSize, MultipartThreshold = PartSize, Verify = true };
        var transfer = new CommandTransfer(client, options, new TransferMonitor());
        var uploads = UploadStages.For(transfer, null, null);

        var small = Request(RandomNumberGenerator.GetBytes(1000), "small.bin");
        var large = Request(RandomNumberGenerator.GetBytes((int)(2 * PartSize) + 1), "large.bin");
        var smallUrl = (await uploads.UploadAsync(small, CancellationToken.None)).FileUrl;
        await uploads.UploadAsync(large, CancellationToken.None);
        var head = await new ReadBack(transfer).HeadAsync(small, smallUrl, CancellationToken.None);
        await client.InitiateUploadAsync("ticket.bin", "application/octet-stream", null, null, multipart: false, CancellationToken.None);

        Assert.Equal(1000, head.Head.Length);
        var kinds = seen.Requests.Select(r => r.Method).Distinct().Order().ToArray();
        Assert.Equal(["GET", "HEAD", "POST", "PUT"], kinds);
        Assert.All(seen.Requests, r =>
        {
            Assert.True(r.ExpectContinue == false, $"{r.Method} {r.Path} leaves Expect: 100-continue to the runtime (ExpectContinue {r.ExpectContinue?.ToString() ?? "null"})");
            Assert.True(r.HasBody == (r.Method is "POST" or "PUT"), $"{r.Method} {r.Path}: a body only where one is sent");
            Assert.True(!r.HasBody || r.ContentLength != null, $"{r.Method} {r.Path} sends a body of unknown length");
            Assert.True(r.Chunked != true, $"{r.Method} {r.Path} sends its body chunked");
        });
    }

    private static UploadRequest Request(byte[] bytes, string name) =>
        new(ValueSources.FromBytes(bytes, name), name, "application/octet-stream", null);

    private sealed record SeenRequest(string Method, string Path, bool? ExpectContinue, bool HasBody, long? ContentLength, bool? Chunked);

    private sealed class RequestRecorder : DelegatingHandler
    {
        private readonly ConcurrentQueue<SeenRequest> _requests = new();

        public IReadOnlyCollection<SeenRequest> Requests => _requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _requests.Enqueue(new SeenRequest(
                request.Method.Method,
                request.RequestUri!.AbsolutePath,
                request.Headers.ExpectContinue,
                request.Content != null,
                request.Content?.Headers.ContentLength,
                request.Headers.TransferEncodingChunked));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
