using System.Management.Automation;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>Tab completion as the console and editors ask for it: TabExpansion2 on the real engine.</summary>
[Collection(EnvironmentCollection.Name)] // -Endpoint completes FAL_REST_HOST
public sealed class CompletionTests : IDisposable
{
    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData("Send-FalAsset -Path x.bin -ContentType image/")]
    [InlineData("Request-FalUpload -FileName x.bin -ContentType IMAGE/")]
    public void ContentType_completes_from_the_built_in_table(string input)
    {
        var matches = Complete(input);

        Assert.Contains(matches, m => m.CompletionText == "image/png");
        Assert.Contains(matches, m => m.CompletionText == "image/svg+xml");
        Assert.All(matches, m => Assert.StartsWith("image/", m.CompletionText));
        Assert.All(matches, m => Assert.Equal(CompletionResultType.ParameterValue, m.ResultType));
        Assert.Contains(".jpeg", Assert.Single(matches, m => m.CompletionText == "image/jpeg").ToolTip);
    }

    [Fact]
    public void A_quote_the_user_began_with_is_kept()
    {
        var matches = Complete("Send-FalAsset -Path x.bin -ContentType 'video/mp");

        Assert.Equal(["'video/mp2t'", "'video/mp4'", "'video/mpeg'"], matches.Select(m => m.CompletionText));
    }

    [Theory]
    [InlineData("Send-FalAsset -Path x.bin -ExpiresIn ", new[] { "1h", "1d", "7d", "30d", "1y", "never" })]
    [InlineData("Request-FalUpload -FileName x.bin -ExpiresIn 3", new[] { "30d" })]
    [InlineData("Request-FalUpload -FileName x.bin -ExpiresIn N", new[] { "never" })]
    public void ExpiresIn_completes_the_presets(string input, string[] expected)
    {
        var matches = Complete(input);

        Assert.Equal(expected, matches.Select(m => m.CompletionText));
        Assert.All(matches, m => Assert.StartsWith(m.CompletionText + ":", m.ToolTip));
    }

    [Theory]
    [InlineData("Connect-FalStorage -UploadFlow ", new[] { "Auto", "CdnToken", "SignedUrl" })]
    [InlineData("Send-FalAsset -Path x.bin -UploadFlow S", new[] { "SignedUrl" })]
    [InlineData("Send-FalAsset -Path x.bin -UploadFlow c", new[] { "CdnToken" })]
    public void UploadFlow_completes_the_flows(string input, string[] expected)
    {
        Assert.Equal(expected, Complete(input).Select(m => m.CompletionText));
    }

    [Theory]
    [InlineData("Send-FalAsset -Path x.bin -Access ", new[] { "Hidden", "Private", "Public" })]
    [InlineData("Request-FalUpload -FileName x.bin -Access P", new[] { "Private", "Public" })]
    [InlineData("Set-FalAssetAcl -Url https://v3.fal.media/files/x.png -Access H", new[] { "Hidden" })]
    [InlineData("Set-FalStorageSetting -Access Pr", new[] { "Private" })]
    [InlineData("New-FalSignedUrl -Url https://v3.fal.media/files/x.png -ExpiresIn ", new[] { "15m", "1h", "1d", "7d" })]
    public void Access_and_a_signed_links_lifetime_complete_their_values(string input, string[] expected)
    {
        Assert.Equal(expected, Complete(input).Select(m => m.CompletionText));
    }

    [Fact]
    public void Endpoint_completes_the_known_endpoints_and_never_file_names()
    {
        using var environment = new EnvironmentScope();

        // The host's current folder has files (the test's own output); none of them is an endpoint.
        var files = Complete("Connect-FalStorage -Endpoint ./");
        var all = Complete("Connect-FalStorage -Endpoint ");
        var local = Complete("Connect-FalStorage -Endpoint 'http://1");

        Assert.Empty(files);
        Assert.Equal(["https://rest.alpha.fal.ai", "https://rest.fal.ai", "http://127.0.0.1:8787"], all.Select(m => m.CompletionText));
        Assert.All(all, m => Assert.False(string.IsNullOrWhiteSpace(m.ToolTip)));
        Assert.Equal(["'http://127.0.0.1:8787'"], local.Select(m => m.CompletionText));
    }

    [Fact]
    public void Endpoint_completes_FAL_REST_HOST_first()
    {
        using var environment = new EnvironmentScope(("FAL_REST_HOST", "https://fal-gateway.example.com"));

        var matches = Complete("Connect-FalStorage -Endpoint ");

        Assert.Equal(["https://fal-gateway.example.com", "https://rest.alpha.fal.ai", "https://rest.fal.ai", "http://127.0.0.1:8787"], matches.Select(m => m.CompletionText));
        Assert.StartsWith("FAL_REST_HOST", matches[0].ToolTip);
    }

    private List<CompletionResult> Complete(string input)
    {
        var result = _host.Run("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches", input);
        result.AssertSucceeded();
        return result.OutputOf<CompletionResult>();
    }
}
