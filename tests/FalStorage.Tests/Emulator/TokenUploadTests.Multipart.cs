using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FalStorage.Emulator;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

/// <summary>The token flow's uploads in parts: started, sent at once and out of order, completed, kept a week.</summary>
public sealed partial class TokenUploadTests
{
    [Fact]
    public async Task A_large_file_goes_up_in_parts_sent_at_once_and_out_of_order()
    {
        var grant = await Client.GetTokenAsync(EmulatorFixture.TestKey);
        var bytes = RandomNumberGenerator.GetBytes(5 * 64 * 1024 + 123);
        var (accessUrl, uploadId) = await Client.StartTokenMultipartAsync(grant, "video/mp4", "clip.mp4");
        Assert.Matches("^[0-9a-f]{32}$", uploadId);
        Assert.StartsWith(grant.BaseUrl + "/files/", accessUrl.AbsoluteUri);
        Assert.EndsWith("/clip.mp4", accessUrl.AbsoluteUri);

        var numbers = new[] { 6, 2, 5, 1, 3, 4 };
        var answers = await Task.WhenAll(numbers.Select(number =>
            Client.PutTokenPartAsync(grant.Token, accessUrl, uploadId, number, bytes[((number - 1) * 65536)..Math.Min(bytes.Length, number * 65536)])));
        var parts = new List<(int, string)>();
        foreach (var (number, answer) in numbers.Zip(answers))
        {
            using (answer)
            {
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
                Assert.Equal(number, json.RootElement.GetProperty("partNumber").GetInt32());
                Assert.Equal(answer.Headers.ETag!.ToString(), json.RootElement.GetProperty("etag").GetString());
                parts.Add((number, answer.Headers.ETag!.ToString()));
            }
        }

        using (var early = await Client.GetAsync(accessUrl))
        {
            Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);
        }

        using var complete = await Client.CompleteTokenMultipartAsync(grant.Token, accessUrl, uploadId, parts);
        using var retried = await Client.CompleteTokenMultipartAsync(grant.Token, accessUrl, uploadId, parts);

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        using var completed = JsonDocument.Parse(await complete.Content.ReadAsStringAsync());
        Assert.Equal(accessUrl.AbsoluteUri, completed.RootElement.GetProperty("access_url").GetString());
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var stored = Assert.Single(emulator.Emulator.ListObjects());
        Assert.Equal((6, "video/mp4", Convert.ToHexStringLower(SHA256.HashData(bytes))), (stored.PartCount, stored.ContentType, stored.Sha256));
        Assert.Equal(stored.ETag, complete.Headers.ETag?.ToString());
        Assert.Equal(bytes, await Client.GetByteArrayAsync(accessUrl));
    }

    [Fact]
    public async Task A_completion_that_does_not_make_the_upload_is_400_and_a_malformed_one_422()
    {
        var grant = await Client.GetTokenAsync(EmulatorFixture.TestKey);
        var (accessUrl, uploadId) = await Client.StartTokenMultipartAsync(grant);
        using var part = await Client.PutTokenPartAsync(grant.Token, accessUrl, uploadId, 2, [1]);

        using var gap = await Client.CompleteTokenMultipartAsync(grant.Token, accessUrl, uploadId, [(2, part.Headers.ETag!.ToString())]);
        using var malformed = await Client.SendAsync(TokenHttp.Authorized(HttpMethod.Post, TokenHttp.TokenCompleteUrl(accessUrl, uploadId), grant.Token, new StringContent("""{"parts": 1}""", Encoding.UTF8, "application/json")));

        Assert.Equal(HttpStatusCode.BadRequest, gap.StatusCode);
        Assert.Contains("Part 1 is missing", (await gap.ReadDetailAsync()).GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, malformed.StatusCode);
        Assert.Empty(emulator.Emulator.ListObjects());
    }

    [Fact]
    public async Task Parts_and_completions_find_only_their_own_upload()
    {
        await using var twoKeys = await EmulatorFixture.StartAsync(options => options.Keys.Add("other-id:other-secret"));
        var client = twoKeys.HttpClient;
        var mine = await client.GetTokenAsync(EmulatorFixture.TestKey);
        var theirs = await client.GetTokenAsync("other-id:other-secret");
        var (accessUrl, uploadId) = await client.StartTokenMultipartAsync(mine, fileName: "mine.mp4");
        var (signedUpload, signedFile) = await client.InitiateMultipartAsync(EmulatorFixture.TestKey);
        var otherName = new Uri(accessUrl.AbsoluteUri.Replace("/mine.mp4", "/other.mp4", StringComparison.Ordinal));
        var signedId = signedUpload.Segments[^1];

        (string What, string? Token, Uri AccessUrl, string UploadId)[] strangers =
        [
            ("another key's token", theirs.Token, accessUrl, uploadId),
            ("another uploadId", mine.Token, accessUrl, "0123456789abcdef0123456789abcdef"),
            ("another file name", mine.Token, otherName, uploadId),
            ("a signed-URL upload", mine.Token, signedFile, signedId),
            ("an unknown id", mine.Token, new Uri(accessUrl.AbsoluteUri.Replace(accessUrl.Segments[2].TrimEnd('/'), new string('0', 32), StringComparison.Ordinal)), uploadId),
        ];
        foreach (var (what, token, url, id) in strangers)
        {
            using var part = await client.PutTokenPartAsync(token, url, id, 1, [1]);
            using var complete = await client.CompleteTokenMultipartAsync(token, url, id, [(1, "\"x\"")]);

            Assert.True(part.StatusCode == HttpStatusCode.NotFound, $"{what}: part answered {(int)part.StatusCode}");
            Assert.True(complete.StatusCode == HttpStatusCode.NotFound, $"{what}: completion answered {(int)complete.StatusCode}");
            Assert.Equal("Upload not found.", (await part.ReadDetailAsync()).GetString());
        }

        Assert.Empty(Directory.GetDirectories(Path.Combine(twoKeys.DataDirectory, "uploads")));
        await client.TokenMultipartUploadAsync(mine, [1, 2, 3], partSize: 2, fileName: "still-works.mp4");
    }

    [Fact]
    public async Task A_multipart_upload_stays_open_for_a_week_then_is_404_and_swept()
    {
        var grant = await Client.GetTokenAsync(EmulatorFixture.TestKey);
        var (accessUrl, uploadId) = await Client.StartTokenMultipartAsync(grant);
        using (var part = await Client.PutTokenPartAsync(grant.Token, accessUrl, uploadId, 1, [1]))
        {
            Assert.Equal(HttpStatusCode.OK, part.StatusCode);
        }

        clock.Now = Start + EmulatorOptions.TokenMultipartUploadLifetime;
        var renewed = await Client.GetTokenAsync(EmulatorFixture.TestKey);
        using var late = await Client.PutTokenPartAsync(renewed.Token, accessUrl, uploadId, 2, [2]);

        Assert.Equal(HttpStatusCode.NotFound, late.StatusCode);
        Assert.Equal(1, emulator.Emulator.RemoveExpired());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(emulator.DataDirectory, "uploads")));
    }
}
