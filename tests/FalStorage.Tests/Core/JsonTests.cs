using System.Text;
using ApiJson = FalStorage.Core.Api.Json;

namespace FalStorage.Tests.Core;

public sealed class JsonTests
{
    [Fact]
    public void Serializes_the_initiate_body_with_escaping()
    {
        var body = Encoding.UTF8.GetString(ApiJson.SerializeObject(("content_type", "image/png"), ("file_name", "a \"quoted\" näme.png")));

        using var document = System.Text.Json.JsonDocument.Parse(body);
        Assert.Equal("image/png", document.RootElement.GetProperty("content_type").GetString());
        Assert.Equal("a \"quoted\" näme.png", document.RootElement.GetProperty("file_name").GetString());
    }

    [Fact]
    public void Reads_a_string_detail()
    {
        Assert.Equal("Invalid key", ApiJson.ReadErrorDetail(Encoding.UTF8.GetBytes("""{"detail": "Invalid key"}""")));
    }

    [Fact]
    public void Reads_a_list_of_validation_errors_as_one_line()
    {
        var body = """{"detail": [{"loc": ["body", "content_type"], "msg": "must be type/subtype", "type": "value_error"}, {"loc": ["body", "file_name"], "msg": "field required"}]}""";

        Assert.Equal("content_type: must be type/subtype; file_name: field required", ApiJson.ReadErrorDetail(Encoding.UTF8.GetBytes(body)));
    }

    [Theory]
    [InlineData("<html><body>Bad gateway</body></html>")]
    [InlineData("")]
    [InlineData("""{"message": "no detail here"}""")]
    public void Answers_without_a_detail_give_none(string body)
    {
        Assert.Null(ApiJson.ReadErrorDetail(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void Reads_string_members_and_ignores_others()
    {
        var document = ApiJson.TryParse(Encoding.UTF8.GetBytes("""{"upload_url": "https://u/1?x=1&y=2", "file_url": 42}"""))!;

        Assert.Equal("https://u/1?x=1&y=2", ApiJson.GetString(document, "upload_url"));
        Assert.Null(ApiJson.GetString(document, "file_url"));
        Assert.Null(ApiJson.GetString(document, "missing"));
    }
}
