using System.Net;
using System.Text;
using System.Text.Json;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

public sealed class InitiateValidationTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    public static TheoryData<string, string, string> InvalidFields => new()
    {
        // body, field with the issue, pydantic-style type
        { """{"file_name": "a.png"}""", "content_type", "missing" },
        { """{"content_type": "image/png"}""", "file_name", "missing" },
        { """{"content_type": null, "file_name": "a.png"}""", "content_type", "string_type" },
        { """{"content_type": 42, "file_name": "a.png"}""", "content_type", "string_type" },
        { """{"content_type": "image/png", "file_name": ["a.png"]}""", "file_name", "string_type" },
        { """{"content_type": "", "file_name": "a.png"}""", "content_type", "value_error" },
        { """{"content_type": "png", "file_name": "a.png"}""", "content_type", "value_error" },
        { """{"content_type": "image/", "file_name": "a.png"}""", "content_type", "value_error" },
        { """{"content_type": "/png", "file_name": "a.png"}""", "content_type", "value_error" },
        { """{"content_type": "image/png/x", "file_name": "a.png"}""", "content_type", "value_error" },
        { """{"content_type": "image png", "file_name": "a.png"}""", "content_type", "value_error" },
        { """{"content_type": " image/png", "file_name": "a.png"}""", "content_type", "value_error" },
        { """{"content_type": "image/p(n)g", "file_name": "a.png"}""", "content_type", "value_error" },
        { """{"content_type": "imäge/png", "file_name": "a.png"}""", "content_type", "value_error" },
        { """{"content_type": "image/png\r\nX-Evil: 1", "file_name": "a.png"}""", "content_type", "value_error" },
        { """{"content_type": "text/plain; charset", "file_name": "a.png"}""", "content_type", "value_error" },
        { $$"""{"content_type": "image/{{new string('x', 300)}}", "file_name": "a.png"}""", "content_type", "value_error" },
        { """{"content_type": "image/png", "file_name": ""}""", "file_name", "value_error" },
        { """{"content_type": "image/png", "file_name": "dir/a.png"}""", "file_name", "value_error" },
        { """{"content_type": "image/png", "file_name": "dir\\a.png"}""", "file_name", "value_error" },
        { """{"content_type": "image/png", "file_name": "a\u0000.png"}""", "file_name", "value_error" },
        { """{"content_type": "image/png", "file_name": "a\n.png"}""", "file_name", "value_error" },
        { """{"content_type": "image/png", "file_name": "a\u007f.png"}""", "file_name", "value_error" },
        { """{"content_type": "image/png", "file_name": "a\u0085.png"}""", "file_name", "value_error" },
        { """{"content_type": "image/png", "file_name": ".."}""", "file_name", "value_error" },
        { """{"content_type": "image/png", "file_name": "\ud800.png"}""", "file_name", "string_unicode" },
        { $$"""{"content_type": "image/png", "file_name": "{{new string('a', 256)}}"}""", "file_name", "value_error" },
        { $$"""{"content_type": "image/png", "file_name": "{{new string('é', 128)}}"}""", "file_name", "value_error" }, // 256 UTF-8 bytes
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task An_invalid_field_is_422_with_its_location(string body, string field, string type)
    {
        var issues = await InitiateExpecting422Async(body);

        var issue = Assert.Single(issues);
        Assert.Equal(["body", field], issue.GetProperty("loc").EnumerateArray().Select(part => part.GetString()));
        Assert.Equal(type, issue.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(issue.GetProperty("msg").GetString()));
    }

    [Fact]
    public async Task Every_invalid_field_is_reported()
    {
        var issues = await InitiateExpecting422Async("""{"content_type": "nope", "extra": 1}""");

        Assert.Equal(
            ["content_type", "file_name"],
            issues.Select(issue => issue.GetProperty("loc")[1].GetString()));
    }

    [Theory]
    [InlineData("", "missing")]
    [InlineData("{", "json_invalid")]
    [InlineData("""{"content_type": "image/png", "file_name": "a.png",}""", "json_invalid")]
    [InlineData("content_type=image/png&file_name=a.png", "json_invalid")]
    [InlineData("[]", "model_attributes_type")]
    [InlineData("\"image/png\"", "model_attributes_type")]
    [InlineData("null", "model_attributes_type")]
    public async Task A_body_that_is_not_a_json_object_is_422_at_body(string body, string type)
    {
        var issue = Assert.Single(await InitiateExpecting422Async(body));

        Assert.Equal(["body"], issue.GetProperty("loc").EnumerateArray().Select(part => part.GetString()));
        Assert.Equal(type, issue.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Invalid_utf8_in_the_body_is_422_not_500()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"content_type": "image/png", "file_name": "a_.png"}""");
        bytes[Array.IndexOf(bytes, (byte)'_')] = 0xFF;
        using var request = EmulatorHttp.InitiateRequest(fixture.Key, "");
        request.Content = new ByteArrayContent(bytes) { Headers = { { "Content-Type", "application/json" } } };

        using var response = await fixture.HttpClient.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(JsonValueKind.Array, (await response.ReadDetailAsync()).ValueKind);
    }

    [Theory]
    [InlineData("image/png", "reference.png")]
    [InlineData("text/plain; charset=utf-8", "notes.txt")]
    [InlineData("application/vnd.api+json", "data.json")]
    [InlineData("IMAGE/PNG", "upper.PNG")]
    [InlineData("image/png", "no extension")]
    [InlineData("image/png", "café – ☕ 日本.png")]
    [InlineData("image/png", "100% #1 & ?query=x.png")]
    public async Task Valid_requests_are_200(string contentType, string fileName)
    {
        using var response = await fixture.HttpClient.SendAsync(
            EmulatorHttp.InitiateRequest(fixture.Key, EmulatorHttp.InitiateBody(contentType, fileName)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_file_name_of_exactly_255_utf8_bytes_is_accepted()
    {
        var fileName = new string('é', 127) + "a"; // 254 + 1 bytes
        Assert.Equal(255, Encoding.UTF8.GetByteCount(fileName));

        var (_, fileUrl) = await fixture.HttpClient.InitiateUploadAsync(fixture.Key, fileName: fileName);

        Assert.Equal(fileName, Uri.UnescapeDataString(fileUrl.Segments[^1]));
    }

    [Theory]
    [InlineData("/storage/upload/initiate?storage_type=fal-cdn-v3")]
    [InlineData("/storage/upload/initiate?storage_type=fal-cdn")]
    [InlineData("/storage/upload/initiate")]
    public async Task Storage_type_is_accepted_and_urls_are_absolute_on_the_emulator(string path)
    {
        using var response = await fixture.HttpClient.SendAsync(
            EmulatorHttp.InitiateRequest(fixture.Key, EmulatorHttp.InitiateBody("image/png", "reference.png"), path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, json.RootElement.EnumerateObject().Count());
        foreach (var name in new[] { "upload_url", "file_url" })
        {
            var url = new Uri(json.RootElement.GetProperty(name).GetString()!);
            Assert.True(url.IsAbsoluteUri);
            Assert.Equal(fixture.BaseAddress.GetLeftPart(UriPartial.Authority), url.GetLeftPart(UriPartial.Authority));
        }
    }

    [Fact]
    public async Task Urls_use_the_host_the_request_came_to()
    {
        using var request = EmulatorHttp.InitiateRequest(fixture.Key, EmulatorHttp.InitiateBody("image/png", "a.png"));
        request.Headers.Host = $"localhost:{fixture.BaseAddress.Port}";

        using var response = await fixture.HttpClient.SendAsync(request);

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith($"http://localhost:{fixture.BaseAddress.Port}/uploads/", json.RootElement.GetProperty("upload_url").GetString());
        Assert.StartsWith($"http://localhost:{fixture.BaseAddress.Port}/files/", json.RootElement.GetProperty("file_url").GetString());
    }

    [Fact]
    public async Task An_oversized_json_body_is_413_with_detail()
    {
        var body = EmulatorHttp.InitiateBody("image/png", "a.png").Replace("}", $", \"padding\": \"{new string('x', 2 * 1024 * 1024)}\"}}");

        using var response = await fixture.HttpClient.SendAsync(EmulatorHttp.InitiateRequest(fixture.Key, body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(JsonValueKind.String, (await response.ReadDetailAsync()).ValueKind);
    }

    private async Task<JsonElement[]> InitiateExpecting422Async(string body)
    {
        using var response = await fixture.HttpClient.SendAsync(EmulatorHttp.InitiateRequest(fixture.Key, body));
        var detail = await response.ReadDetailAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(JsonValueKind.Array, detail.ValueKind);
        return detail.EnumerateArray().ToArray();
    }
}
