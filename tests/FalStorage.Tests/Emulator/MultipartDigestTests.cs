using System.Net;
using System.Security.Cryptography;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

/// <summary>The object's SHA-256 (its ETag) after a multipart upload: hashed ahead while parts arrive, it must still be
/// the digest of the bytes the completion commits, whatever order they came in and whatever was re-sent.</summary>
public sealed class MultipartDigestTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Parts_that_arrive_out_of_order_give_the_digest_of_the_whole_object()
    {
        var (uploadUrl, _) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key, fileName: "digest-order.bin");
        var etags = await PutPartsAsync(uploadUrl, (3, [3, 3]), (1, [1]), (2, [2, 2, 2]));

        await AssertCompletedWithDigestAsync(uploadUrl, etags, "digest-order.bin", [1, 2, 2, 2, 3, 3]);
    }

    [Fact]
    public async Task A_part_re_sent_after_the_parts_after_it_gives_the_digest_of_its_new_bytes()
    {
        // Parts 1 to 3 in order are hashed ahead as they land; re-sending part 1 afterwards makes that hash stale.
        var (uploadUrl, _) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key, fileName: "digest-resent.bin");
        var etags = await PutPartsAsync(uploadUrl, (1, [1, 1]), (2, [2]), (3, [3]));
        etags[1] = (await PutPartsAsync(uploadUrl, (1, [9, 9, 9])))[1];

        await AssertCompletedWithDigestAsync(uploadUrl, etags, "digest-resent.bin", [9, 9, 9, 2, 3]);
    }

    [Fact]
    public async Task Each_version_of_an_upload_gets_the_digest_of_its_own_parts()
    {
        var (uploadUrl, _) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key, fileName: "digest-versions.bin");
        await AssertCompletedWithDigestAsync(uploadUrl, await PutPartsAsync(uploadUrl, (1, [1]), (2, [2])), "digest-versions.bin", [1, 2]);

        await AssertCompletedWithDigestAsync(uploadUrl, await PutPartsAsync(uploadUrl, (1, [7, 7]), (2, [8])), "digest-versions.bin", [7, 7, 8]);
    }

    private async Task<Dictionary<int, string>> PutPartsAsync(Uri uploadUrl, params (int Number, byte[] Bytes)[] parts)
    {
        var etags = new Dictionary<int, string>();
        foreach (var (number, bytes) in parts)
        {
            using var put = await fixture.HttpClient.PutPartAsync(uploadUrl, number, bytes);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            etags[number] = put.Headers.ETag!.ToString();
        }

        return etags;
    }

    private async Task AssertCompletedWithDigestAsync(Uri uploadUrl, Dictionary<int, string> etags, string fileName, byte[] content)
    {
        using var complete = await fixture.HttpClient.CompleteAsync(uploadUrl, etags.OrderBy(pair => pair.Key).Select(pair => (pair.Key, pair.Value)));

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal($"\"{sha256}\"", complete.Headers.ETag!.ToString());
        Assert.Equal(sha256, Assert.Single(fixture.Emulator.ListObjects(), stored => stored.FileName == fileName).Sha256);
    }
}
