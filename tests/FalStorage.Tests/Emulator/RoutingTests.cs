using System.Net;
using System.Text.Json;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Emulator;

public sealed class RoutingTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Health_is_200_ok()
    {
        using var response = await fixture.HttpClient.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"status":"ok"}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/storage")]
    [InlineData("POST", "/storage/upload/initiate-multipart/x")]
    [InlineData("GET", "/files/0123456789abcdef0123456789abcdef")]
    [InlineData("PUT", "/uploads")]
    [InlineData("GET", "/health/extra")]
    public async Task Unknown_routes_are_404_with_a_json_detail(string method, string path)
    {
        using var response = await fixture.HttpClient.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Not Found", (await response.ReadDetailAsync()).GetString());
    }

    [Theory]
    [InlineData("GET", "/storage/upload/initiate")]
    [InlineData("PUT", "/storage/upload/initiate")]
    [InlineData("GET", "/uploads/0123456789abcdef0123456789abcdef")]
    [InlineData("POST", "/uploads/0123456789abcdef0123456789abcdef")]
    [InlineData("DELETE", "/files/0123456789abcdef0123456789abcdef/a.png")]
    [InlineData("PUT", "/files/0123456789abcdef0123456789abcdef/a.png")]
    [InlineData("POST", "/health")]
    public async Task Wrong_methods_are_405_with_a_json_detail(string method, string path)
    {
        using var response = await fixture.HttpClient.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("Method Not Allowed", (await response.ReadDetailAsync()).GetString());
    }

    [Fact]
    public async Task Errors_written_by_endpoints_are_not_overwritten()
    {
        using var response = await fixture.HttpClient.GetAsync("/files/0123456789abcdef0123456789abcdef/a.png");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(JsonValueKind.String, (await response.ReadDetailAsync()).ValueKind);
        Assert.NotEqual("Not Found", (await response.ReadDetailAsync()).GetString());
    }
}
