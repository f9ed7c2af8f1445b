using System.Security.Cryptography;
using FalStorage.Core.Sources;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Core;

/// <summary>The parts of a stream that cannot seek: read in order, never more of them in memory than allowed, hashed on the way.</summary>
public sealed class BufferedPartsTests
{
    private const int PartSize = 1000;

    [Fact]
    public async Task No_more_parts_are_held_than_allowed_until_one_is_released()
    {
        var bytes = RandomNumberGenerator.GetBytes(5 * PartSize + 1);
        var parts = new BufferedParts(new UnseekableStream(bytes), [], null, PartSize, maxHeld: 2, hash: false, "the stream", _ => { });

        var first = await parts.NextAsync(CancellationToken.None);
        var second = await parts.NextAsync(CancellationToken.None);
        var third = parts.NextAsync(CancellationToken.None);
        await Task.Delay(100);

        Assert.False(third.IsCompleted, "a third part waits while two are held");
        parts.Release(first!);
        Assert.NotNull(await third.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(PartSize, second!.Length);
    }

    [Fact]
    public async Task The_parts_are_the_stream_in_order_after_what_was_read_ahead_and_its_length_is_told_and_its_hash_known_at_the_end()
    {
        var bytes = RandomNumberGenerator.GetBytes(3 * PartSize + 17);
        long? toldLength = null;
        var parts = new BufferedParts(new UnseekableStream(bytes[1500..]), bytes[..1500], null, PartSize, maxHeld: 8, hash: true, "the stream", length => toldLength = length);

        var read = new List<byte>();
        for (var part = await parts.NextAsync(CancellationToken.None); part != null; part = await parts.NextAsync(CancellationToken.None))
        {
            using var reader = part.OpenReader();
            var chunk = new byte[part.Length];
            reader.ReadExactly(chunk);
            read.AddRange(chunk);
            parts.Release(part);
        }

        Assert.Equal(bytes, read);
        Assert.Equal(bytes.LongLength, toldLength);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)), parts.Sha256);
    }

    [Fact]
    public async Task A_stream_shorter_than_the_length_it_announced_is_an_error()
    {
        var parts = new BufferedParts(new UnseekableStream(new byte[1500]), [], 2000, PartSize, maxHeld: 8, hash: false, "the -Content of 'x'", _ => { });

        await parts.NextAsync(CancellationToken.None);
        var error = await Assert.ThrowsAsync<SourceReadException>(() => parts.NextAsync(CancellationToken.None));

        Assert.Contains("ended 500 bytes early", error.Message, StringComparison.Ordinal);
    }
}
