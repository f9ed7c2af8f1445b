using System.Net;
using System.Text;
using System.Text.Json;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

/// <summary>Huge, deep and malformed JSON on every route that reads JSON: a 4xx with a short answer, never a 500.</summary>
public sealed class MalformedJsonTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    /// <summary>Well over what any 4xx needs; the answers here are a few hundred bytes.</summary>
    private const int ShortAnswer = 4096;

    public static TheoryData<string, string, string> MalformedJson => new()
    {
        // where the JSON goes (see SendJsonAsync), the JSON, the pydantic-style type of the first issue
        { Initiate, Wrap("\"deep\": " + Nested(65)), "json_invalid" },
        { Complete, Wrap("\"parts\": " + Nested(65)), "json_invalid" },
        { Lifecycle, Wrap("\"expiration_duration_seconds\": " + Nested(65)), "json_invalid" },
        { Initiate, Deep, "json_invalid" },
        { Complete, Deep, "json_invalid" },
        { Lifecycle, Deep, "json_invalid" },
        { Initiate, """{"content_type": "image/png", "file_na""", "json_invalid" },
        { Complete, """{"parts": [{"partNumber": 1, "etag": "x"}""", "json_invalid" },
        { Lifecycle, """{"expiration_duration_seconds": 36""" + "\"", "json_invalid" },
        { Initiate, """{"content_type": "image/png", "file_name": "a.png"} {}""", "json_invalid" },
        { Initiate, """{"content_type": "image/png", /* c */ "file_name": "a.png"}""", "json_invalid" },
        { Complete, """{"parts": [{"partNumber": NaN, "etag": "x"}]}""", "json_invalid" },
        { Lifecycle, """{"expiration_duration_seconds": Infinity}""", "json_invalid" },
        { Complete, """{"parts": [{"partNumber": 1e999, "etag": "x"}]}""", "int_type" },
        { Complete, """{"parts": [{"partNumber": 99999999999, "etag": "x"}]}""", "int_type" },
        { Complete, """{"parts": [{"partNumber": -1e-999, "etag": "x"}]}""", "int_type" },
        { Lifecycle, """{"expiration_duration_seconds": 1e999}""", "int_type" },
        { Lifecycle, """{"expiration_duration_seconds": 99999999999999999999}""", "int_type" },
        { Complete, """{"parts": [{"partNumber": 1, "etag": "\ud800"}]}""", "string_unicode" },
        { Initiate, """{"content_type": "image/png\udc00", "file_name": "a.png"}""", "string_unicode" },
        { Initiate, $$"""{"content_type": "image/png", "file_name": "{{Huge}}"}""", "value_error" },
        { Initiate, $$"""{"content_type": "image/{{Huge}}", "file_name": "a.png"}""", "value_error" },
        { Initiate, """{"content_type": "image/png", "file_name": "a.png", "file_name": "../signing.key"}""", "value_error" },
    };

    [Theory]
    [MemberData(nameof(MalformedJson))]
    public async Task Malformed_or_huge_json_is_422_with_a_short_answer(string where, string json, string type)
    {
        using var response = await SendJsonAsync(where, Expand(json));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(type, (await response.ReadDetailAsync())[0].GetProperty("type").GetString());

        // Problems are described, the input is not echoed: a megabyte of name gives a short answer.
        Assert.InRange(response.Content.Headers.ContentLength ?? long.MaxValue, 1, ShortAnswer);
    }

    [Fact]
    public async Task A_duplicate_key_cannot_smuggle_a_name_past_validation()
    {
        // The last of duplicate keys wins: the name checked is the name used.
        var body = """{"content_type": "image/png", "file_name": "../signing.key", "file_name": "plain.png"}""";
        using var response = await fixture.HttpClient.SendAsync(EmulatorHttp.InitiateRequest(fixture.Key, body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.EndsWith("/plain.png", json.RootElement.GetProperty("file_url").GetString());
    }

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

    private const string Initiate = "initiate body";
    private const string Complete = "completion body";
    private const string Lifecycle = "lifecycle header";

    /// <summary>Placeholders, expanded by <see cref="Expand"/>, so the test names stay short.</summary>
    private const string Deep = "{20 KB of nested arrays}";
    private const string Huge = "{a megabyte of letters}";

    /// <summary>Arrays nested <paramref name="depth"/> deep: the JSON reader stops at 64.</summary>
    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    private static string Expand(string json) =>
        json.Replace(Deep, Nested(10_000), StringComparison.Ordinal).Replace(Huge, new string('x', 1_000_000), StringComparison.Ordinal);

    private static string Wrap(string members) => "{" + members + "}";

    private async Task<HttpResponseMessage> SendJsonAsync(string where, string json)
    {
        switch (where)
        {
            case Initiate:
                return await fixture.HttpClient.SendAsync(EmulatorHttp.InitiateRequest(fixture.Key, json));
            case Complete:
                var (uploadUrl, _) = await fixture.HttpClient.InitiateMultipartAsync(fixture.Key);
                return await fixture.HttpClient.PostAsync(EmulatorHttp.CompleteUrl(uploadUrl), new StringContent(json, Encoding.UTF8, "application/json"));
            case Lifecycle:
                var request = EmulatorHttp.InitiateRequest(fixture.Key, EmulatorHttp.InitiateBody("image/png", "a.png"));
                request.Headers.TryAddWithoutValidation("X-Fal-Object-Lifecycle", json);
                return await fixture.HttpClient.SendAsync(request);
            default:
                throw new ArgumentOutOfRangeException(nameof(where), where, null);
        }
    }
}
