using System.Diagnostics;
using System.Management.Automation;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Module;

/// <summary>
/// An endpoint that cannot be reached. Before anything of the session has ever answered, a refused connection or
/// a name that does not resolve is a wrong -Endpoint (or a service not started): reported at once. Once the
/// service has answered, a lost connection is a passing failure, retried as any other.
/// </summary>
public sealed class UnreachableEndpointTests : ModuleTests
{
    /// <summary>How soon a configuration error must be reported: no backoff, no retries (their shortest schedule takes 7 s).</summary>
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData("a closed port")]
    [InlineData("a name that does not resolve")]
    public void An_endpoint_that_never_answered_is_reported_at_once_without_retrying(string endpointKind)
    {
        // .invalid is reserved (RFC 2606): it never resolves, and the resolver says so without asking the network.
        var endpoint = endpointKind == "a closed port" ? ClosedPort.Address() : new Uri("http://nothing.invalid:8787/");
        var file = Files.WriteRandomFile("nowhere.png", 100);
        Host.Run("Connect-FalStorage -Endpoint $args[0] -Key 'some-key' | Out-Null", endpoint.ToString()).AssertSucceeded();

        foreach (var command in new[] { "Send-FalAsset -Path $args[0] -Verbose", "Request-FalUpload -FileName nowhere.png -Verbose" })
        {
            var clock = Stopwatch.StartNew();
            var result = Host.Run(command, file);
            clock.Stop();

            Assert.True(clock.Elapsed < AtOnce, $"{command}: took {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.Empty(result.Errors);
            var error = Assert.IsType<ErrorRecord>(result.TerminatingError);
            Assert.StartsWith("FalStorage.EndpointUnreachable,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
            Assert.Contains(endpoint.Authority, error.Exception.Message);
            Assert.Contains("check -Endpoint", error.Exception.Message);
            Assert.DoesNotContain(result.Verbose, line => line.Contains("Retry", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_connection_lost_after_the_service_answered_is_retried_in_readable_sentences()
    {
        var emulator = await EmulatorFixture.StartAsync();
        var file = Files.WriteRandomFile("before-the-outage.png", 100);
        ConnectTo(emulator);
        Host.Run("Send-FalAsset -Path $args[0]", file).AssertSucceeded();

        // The service goes away: from now on its port refuses connections.
        await emulator.DisposeAsync();
        var result = Host.Run("Send-FalAsset -Path $args[0] -MaxRetries 2 -Verbose", file);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("FalStorage.EndpointUnreachable,", error.FullyQualifiedErrorId);
        var retries = result.Verbose.Where(line => line.Contains(" Retry ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, retries.Count);

        // "... Connection refused. Retry 1 of 2 in 0.3 s.": the reason ends its sentence before the retry begins one.
        Assert.All(retries, line => Assert.Matches(@"[a-z)]\. Retry [12] of 2 in [0-9.]+ s\.$", line));
    }
}
