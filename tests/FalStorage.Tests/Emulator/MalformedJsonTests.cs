using System.Net;
using System.Text;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

/// <summary>Huge, deep and malformed JSON on every route that reads JSON: a 4xx with a short answer, never a 500.</summary>
public sealed class MalformedJsonTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    /// <summary>Well over what any 4xx needs; the answers here are a few hundred bytes.</summary>
    private const int ShortAnswer = 4096;

    [Theory]
    [InlineData("0")]
    [InlineData("{}")]
    [InlineData("[]")]
    public async Task A_completion_listing_a_million_junk_items_is_413_with_a_short_answer(string item)
    {
        // About 2 MB, within the completion's body limit at the default 10 000 parts: once a 422 of 115 MB, naming each item.
        var (uploadUrl, fileUrl) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key);
        var count = 2_000_000 / (item.Length + 1);
        var body = $"{{\"parts\": [{string.Join(",", Enumerable.Repeat(item, count))}]}}";

        using var response = await fixture.HttpClient.PostAsync(EmulatorHttp.CompleteUrl(uploadUrl), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("--max-parts", (await response.ReadDetailAsync()).GetString());
        Assert.InRange(response.Content.Headers.ContentLength ?? long.MaxValue, 1, ShortAnswer);
        using var notServed = await fixture.HttpClient.GetAsync(fileUrl);
        Assert.Equal(HttpStatusCode.NotFound, notServed.StatusCode);
    }
}
