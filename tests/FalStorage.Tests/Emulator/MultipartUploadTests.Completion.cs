using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

/// <summary>Completing a multipart upload: what makes it, what refuses it, and what a completion answers.</summary>
public sealed partial class MultipartUploadTests
{
    [Theory]
    [MemberData(nameof(BadCompletions))]
    public async Task A_completion_that_does_not_match_the_uploaded_parts_is_400_with_a_detail_and_commits_nothing(string name, int[] listed, string detail)
    {
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key, fileName: $"bad-{name}.bin");
        var etags = await UploadPartsAsync(uploadUrl, [[1], [2], [3]]);

        using var response = await fixture.HttpClient.CompleteAsync(uploadUrl, listed.Select(number => (number, etags.GetValueOrDefault(number, "\"0123456789abcdef0123456789abcdef\""))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, (await response.ReadDetailAsync()).GetString());
        using var notServed = await fixture.HttpClient.GetAsync(fileUrl);
        Assert.Equal(HttpStatusCode.NotFound, notServed.StatusCode);

        // The staged parts are untouched: the right list still completes the upload.
        using var complete = await fixture.HttpClient.CompleteAsync(uploadUrl, etags.Select(pair => (pair.Key, pair.Value)));
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Equal([1, 2, 3], await fixture.HttpClient.GetByteArrayAsync(fileUrl));
    }

    [Fact]
    public async Task A_completion_with_a_mismatched_etag_is_400()
    {
        var (uploadUrl, _) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key);
        var etags = await UploadPartsAsync(uploadUrl, [[1], [2]]);

        using var response = await fixture.HttpClient.CompleteAsync(uploadUrl, [(1, etags[1]), (2, etags[1])]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ETag of part 2", (await response.ReadDetailAsync()).GetString());
    }

    [Theory]
    [InlineData("", "missing")]
    [InlineData("{", "json_invalid")]
    [InlineData("[]", "model_attributes_type")]
    [InlineData("{}", "missing")]
    [InlineData("""{"parts": {}}""", "list_type")]
    [InlineData("""{"parts": [1]}""", "model_attributes_type")]
    [InlineData("""{"parts": [{"etag": "x"}]}""", "missing")]
    [InlineData("""{"parts": [{"partNumber": "1", "etag": "x"}]}""", "int_type")]
    [InlineData("""{"parts": [{"partNumber": 1.5, "etag": "x"}]}""", "int_type")]
    [InlineData("""{"parts": [{"partNumber": 1, "etag": 7}]}""", "string_type")]
    public async Task A_malformed_completion_body_is_422(string body, string type)
    {
        var (uploadUrl, _) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key);
        await UploadPartsAsync(uploadUrl, [[1]]);

        using var response = await fixture.HttpClient.PostAsync(EmulatorHttp.CompleteUrl(uploadUrl), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var issue = (await response.ReadDetailAsync()).EnumerateArray().First();
        Assert.Equal(type, issue.GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_object_is_not_served_before_the_completion()
    {
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key, fileName: "pending.bin");
        await UploadPartsAsync(uploadUrl, [[1, 2], [3, 4]]);

        using var get = await fixture.HttpClient.GetAsync(fileUrl);
        using var head = await fixture.HttpClient.SendAsync(new HttpRequestMessage(HttpMethod.Head, fileUrl));

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.DoesNotContain(fixture.Emulator.ListObjects(), stored => stored.FileName == "pending.bin");
    }

    [Fact]
    public async Task A_retried_completion_answers_the_same_and_new_parts_make_a_new_version()
    {
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key, fileName: "versions.bin");
        var etags = await UploadPartsAsync(uploadUrl, [[1], [2]]);
        var list = etags.Select(pair => (pair.Key, pair.Value)).ToList();

        using var first = await fixture.HttpClient.CompleteAsync(uploadUrl, list);
        using var retried = await fixture.HttpClient.CompleteAsync(uploadUrl, list);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(first.Headers.ETag, retried.Headers.ETag);

        // While the URL is valid, the upload can be done again; the last completion wins, as with single PUTs.
        var newEtags = await UploadPartsAsync(uploadUrl, [[7]]);
        using var again = await fixture.HttpClient.CompleteAsync(uploadUrl, [(1, newEtags[1])]);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal([7], await fixture.HttpClient.GetByteArrayAsync(fileUrl));
        var stored = Assert.Single(fixture.Emulator.ListObjects(), candidate => candidate.FileName == "versions.bin");
        Assert.Equal(1, stored.PartCount);
        Assert.Single(Directory.GetFiles(Path.Combine(fixture.DataDirectory, "objects", stored.Id), "*", SearchOption.AllDirectories), path => path.EndsWith(".part", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_completion_answers_the_file_url_and_the_objects_etag()
    {
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key, fileName: "answer.bin");
        var etags = await UploadPartsAsync(uploadUrl, [[1, 2, 3]]);

        using var complete = await fixture.HttpClient.CompleteAsync(uploadUrl, [(1, etags[1])]);

        using var json = JsonDocument.Parse(await complete.Content.ReadAsStringAsync());
        Assert.Equal(fileUrl.ToString(), json.RootElement.GetProperty("file_url").GetString());
        Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(new byte[] { 1, 2, 3 }))}\"", complete.Headers.ETag!.ToString());
    }
}
