using System.Security.Cryptography;
using FalStorage.Core.Sources;
using FalStorage.Core.Transfer;
using FalStorage.Core.Api;
using FalStorage.Core.Credentials;
using FalStorage.Core.Flows;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Core;

/// <summary>
/// A -Content stream in parts holds its parts in memory until each is sent: at most
/// <see cref="ThrottleLimits.MaxBufferedParts"/> of them whatever -ThrottleLimit, so an Azure Automation sandbox
/// (400 MB) is not filled by the default throttle's 16 parts of 10 MiB.
/// </summary>
public sealed class StreamPartsMemoryTests
{
    private const long PartSize = TransferOptions.MinimumPartSize;

    [Fact]
    public async Task A_stream_in_parts_holds_no_more_parts_than_the_fixed_cap_at_the_default_throttle()
    {
        const int partCount = ThrottleLimits.MaxBufferedParts + 4;
        var bytes = RandomNumberGenerator.GetBytes((int)(partCount * PartSize));
        var source = ValueSources.FromStream(new UnseekableStream(bytes), "the stream", PartSize, CancellationToken.None);
        var options = new TransferOptions { PartSize = PartSize };
        Assert.Equal(ThrottleLimits.Default, options.ThrottleLimit);
        var request = new UploadRequest(source, "stream.bin", "application/octet-stream", null);

        var held = 0;
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // A client that is never called: the parts' requests are the test's own.
        var client = new FalStorageClient(new Uri("http://127.0.0.1:9/"), new FalCredential("unused", "Parameter"));
        var upload = new MultipartUpload(new CommandTransfer(client, options, new TransferMonitor())).SendAsync(
            request,
            new Uri("http://127.0.0.1:9/files/stream.bin"),
            async (_, partNumber, _, _) =>
            {
                Interlocked.Increment(ref held);
                await sent.Task;
                return "etag-" + partNumber;
            },
            (_, _, _) => Task.CompletedTask,
            CancellationToken.None);

        // Every part handed out is in memory until its request ends: here none ends until the parts stop coming.
        await Eventually.TrueAsync(() => Volatile.Read(ref held) >= ThrottleLimits.MaxBufferedParts, "the first parts to be handed out");
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.Equal(ThrottleLimits.MaxBufferedParts, Volatile.Read(ref held));

        sent.SetResult();
        await upload.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(partCount, held);
    }
}
