using System.Text.RegularExpressions;
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
        Assert.Contains("Requests fail on purpose on the signed-URL flow only (put, part).", warning);
        Assert.Contains("FalStorage (-UploadFlow Auto, the default) and fal's Python client", warning);
        Assert.Contains("token, token-upload, token-multipart, token-part, token-complete", warning);
    }

    /// <summary>README's example before: errors on the signed URLs, latency on every kind. The token flow is slowed
    /// but none of its requests fails, so a client of it never retries.</summary>
    [Fact]
    public async Task Failures_on_the_signed_url_flow_only_warn_even_with_latency_on_every_kind()
    {
        var logs = new CapturingLoggerProvider();
        await using (await EmulatorFixture.StartAsync(options =>
        {
            options.ConfigureLogging = logging => logging.AddProvider(logs);
            options.Faults[RouteKind.Put].ServerErrorRate = 0.1;
            options.Faults[RouteKind.Complete].FailNth.Add(1);
            foreach (var kind in Enum.GetValues<RouteKind>())
            {
                options.Faults[kind].Latency = TimeSpan.FromMilliseconds(50);
            }
        }))
        {
        }

        Assert.Contains(logs.Lines, line => line.Contains($"{Warning}: Requests fail on purpose on the signed-URL flow only (put, complete).", StringComparison.Ordinal));
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

    /// <summary>README's example and <c>--help</c>'s fault both flows: an emulator started with them warns of nothing
    /// missed, and both flows' single uploads are faulted.</summary>
    [Fact]
    public async Task The_fault_examples_of_the_readme_and_the_help_fault_both_flows()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "README.md"));
        string[] examples =
        [
            Regex.Match(readme, @"^fal-emulator (--fault .+)$", RegexOptions.Multiline).Groups[1].Value,
            Regex.Match(EmulatorOptions.HelpText, @"^\s+(--fault \S+ --fault-nth .+)$", RegexOptions.Multiline).Groups[1].Value,
        ];

        foreach (var example in examples)
        {
            Assert.NotEmpty(example);
            using var data = new TempFolder();
            var logs = new CapturingLoggerProvider();
            var options = EmulatorOptions.Parse([.. example.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--urls", "http://127.0.0.1:0", "--data", data.Path]);
            options.ConfigureLogging = logging => logging.AddProvider(logs);
            await using (await FalStorageEmulator.StartAsync(options))
            {
            }

            Assert.True(options.Faults[RouteKind.Put].ServerErrorRate > 0 && options.Faults[RouteKind.TokenUpload].ServerErrorRate > 0, example);
            Assert.DoesNotContain(logs.Lines, line => line.Contains(Warning, StringComparison.Ordinal));
        }
    }

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
