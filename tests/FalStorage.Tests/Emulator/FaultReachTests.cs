using FalStorage.Emulator;
using FalStorage.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace FalStorage.Tests.Emulator;

/// <summary>Faults that no upload of the flows the emulator offers would meet are said at start-up: README's example
/// once faulted only the signed URLs, and a client of the default token flow saw no retry at all.</summary>
public sealed class FaultReachTests
{
    private const string Warning = "FAULT INJECTION MAY MISS THE UPLOADS";

    [Fact]
    public async Task Faults_on_the_signed_url_flow_only_warn_that_the_token_flow_meets_none_of_them()
    {
        var warning = Assert.Single(await StartUpWarningsAsync(tokenUpload: true, RouteKind.Put, RouteKind.Part));

        Assert.StartsWith("Warning", warning);
        Assert.Contains("signed-URL flow only (put, part)", warning);
        Assert.Contains("FalStorage (-UploadFlow Auto, the default) and fal's Python client", warning);
        Assert.Contains("token, token-upload, token-multipart, token-part, token-complete", warning);
    }

    [Fact]
    public async Task Faults_on_the_token_flow_warn_that_no_token_upload_never_meets_them()
    {
        var warning = Assert.Single(await StartUpWarningsAsync(tokenUpload: false, RouteKind.Put, RouteKind.TokenUpload, RouteKind.TokenPart));

        Assert.Contains("faults on token-upload, token-part are never met: --no-token-upload", warning);
        Assert.DoesNotContain("put", warning);
    }

    [Theory]
    [InlineData(true, RouteKind.Put, RouteKind.TokenUpload)]
    [InlineData(true, RouteKind.TokenPart)]
    [InlineData(true, RouteKind.Cdn)]
    [InlineData(false, RouteKind.Put, RouteKind.Complete)]
    [InlineData(false, RouteKind.Cdn)]
    public async Task Faults_that_uploads_of_the_flows_offered_meet_give_no_such_warning(bool tokenUpload, params RouteKind[] kinds) =>
        Assert.Empty(await StartUpWarningsAsync(tokenUpload, kinds));

    private static async Task<List<string>> StartUpWarningsAsync(bool tokenUpload, params RouteKind[] kinds)
    {
        var logs = new CapturingLoggerProvider();
        await using (await EmulatorFixture.StartAsync(options =>
        {
            options.TokenUpload = tokenUpload;
            options.ConfigureLogging = logging => logging.AddProvider(logs);
            foreach (var kind in kinds)
            {
                options.Faults[kind].ServerErrorRate = 0.1;
            }
        }))
        {
        }

        Assert.Contains(logs.Lines, line => line.Contains("FAULT INJECTION IS ON", StringComparison.Ordinal));
        return [.. logs.Lines.Where(line => line.Contains(Warning, StringComparison.Ordinal))];
    }
}
