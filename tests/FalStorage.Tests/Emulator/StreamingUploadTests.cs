using System.Net;
using System.Security.Cryptography;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

public sealed class StreamingUploadTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_64_MiB_upload_is_streamed_stored_and_served_intact()
    {
        const long size = 64L * 1024 * 1024;
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateUploadAsync(fixture.Key, "video/mp4", "big.mp4");
        using var source = new GeneratedStream(size);

        // StreamContent of a non-seekable stream: sent chunked, never held whole by the client either.
        using var put = await fixture.HttpClient.PutAsync(uploadUrl, new StreamContent(source));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var expectedSha256 = source.Sha256;
        Assert.NotNull(expectedSha256);
        var stored = Assert.Single(fixture.Emulator.ListObjects(), candidate => candidate.FileName == "big.mp4");
        Assert.Equal(size, stored.Length);
        Assert.Equal(expectedSha256, stored.Sha256);

        using var response = await fixture.HttpClient.GetAsync(fileUrl, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(size, response.Content.Headers.ContentLength);
        await using var served = await response.Content.ReadAsStreamAsync();
        Assert.Equal(expectedSha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(served)));
    }

    [Fact]
    public async Task The_body_reaches_disk_while_it_arrives_and_is_not_served_before_it_is_complete()
    {
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateUploadAsync(fixture.Key, "application/octet-stream", "gated.bin");
        using var source = new GeneratedStream(24L * 1024 * 1024) { PauseAfter = 16L * 1024 * 1024 };
        var upload = fixture.HttpClient.PutAsync(uploadUrl, new StreamContent(source));

        // Socket buffers may hold a few MiB of the 16 sent; the rest must be on disk, with the body unfinished.
        await source.Paused.WaitAsync(Patience);
        await WaitForTempFileAsync(minimumLength: 1024 * 1024);
        using (var during = await fixture.HttpClient.GetAsync(fileUrl))
        {
            Assert.Equal(HttpStatusCode.NotFound, during.StatusCode);
        }

        source.Resume();
        using var put = await upload.WaitAsync(Patience);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(24L * 1024 * 1024, (await fixture.HttpClient.GetByteArrayAsync(fileUrl)).Length);
        Assert.Empty(Directory.GetFiles(TempDirectory));
    }

    [Fact]
    public async Task An_aborted_upload_leaves_no_object_and_no_temp_file()
    {
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateUploadAsync(fixture.Key, "application/octet-stream", "aborted.bin");
        using var source = new GeneratedStream(16L * 1024 * 1024) { PauseAfter = 1024 * 1024 };
        using var abort = new CancellationTokenSource();
        var upload = fixture.HttpClient.PutAsync(uploadUrl, new StreamContent(source), abort.Token);

        await source.Paused.WaitAsync(Patience);
        await WaitForTempFileAsync(minimumLength: 1);
        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload);

        await WaitUntilAsync(() => Directory.GetFiles(TempDirectory).Length == 0, "the temp file to be deleted");
        using var response = await fixture.HttpClient.GetAsync(fileUrl);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(fixture.Emulator.ListObjects(), stored => stored.FileName == "aborted.bin");
    }

    private string TempDirectory => Path.Combine(fixture.DataDirectory, "tmp");

    private Task WaitForTempFileAsync(long minimumLength) =>
        WaitUntilAsync(
            () => new DirectoryInfo(TempDirectory).GetFiles().Any(file => file.Length >= minimumLength),
            $"a temp file of at least {minimumLength} bytes");

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(10);
        }
    }

    /// <summary>Deterministic pseudo-random bytes of a given length, hashed as they are read; optionally pauses
    /// partway until <see cref="Resume"/>, so a test can look at the server mid-upload.</summary>
    private sealed class GeneratedStream(long length) : Stream
    {
        private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly TaskCompletionSource paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Random random = new(20260101);
        private long position;

        public long PauseAfter { get; init; } = long.MaxValue;

        public Task Paused => paused.Task;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public void Resume() => resumed.TrySetResult();

        /// <summary>Of all the bytes, once the end was read (the HTTP stack may dispose the stream right after).</summary>
        public string? Sha256 { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (position == PauseAfter)
            {
                paused.TrySetResult();
                await resumed.Task.WaitAsync(cancellationToken);
            }

            var limit = Math.Min(length, position < PauseAfter ? PauseAfter : length);
            var count = (int)Math.Min(buffer.Length, limit - position);
            random.NextBytes(buffer.Span[..count]);
            hash.AppendData(buffer.Span[..count]);
            position += count;
            if (position == length)
            {
                Sha256 ??= Convert.ToHexStringLower(hash.GetCurrentHash());
            }

            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                hash.Dispose();
                Resume();
            }

            base.Dispose(disposing);
        }
    }
}
