using System.Diagnostics;
using FalStorage.Core.Http;
using FalStorage.Tests.Infrastructure;

namespace FalStorage.Tests.Core;

/// <summary>
/// The stall timeout only notes progress; its timer, when due, waits out the rest from the last progress. These pin
/// that it still cancels exactly a timeout after the last progress, and never while progress goes on.
/// </summary>
public sealed class StallTimeoutTests
{
    [Fact]
    public async Task Without_progress_it_cancels_once_the_timeout_has_passed_and_not_before()
    {
        var clock = Stopwatch.StartNew();
        using var stall = new StallTimeout(TimeSpan.FromMilliseconds(300), CancellationToken.None);

        await Eventually.TrueAsync(() => stall.Token.IsCancellationRequested, "the stall timeout");

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(300), $"cancelled after {clock.Elapsed}");
    }

    [Fact]
    public async Task Progress_keeps_it_alive_past_its_timeout_and_it_cancels_a_timeout_after_the_last()
    {
        var timeout = TimeSpan.FromSeconds(1.5);
        using var stall = new StallTimeout(timeout, CancellationToken.None);
        var progressing = Stopwatch.StartNew();
        while (progressing.Elapsed < timeout * 3)
        {
            await Task.Delay(50);
            Assert.False(stall.Token.IsCancellationRequested, $"cancelled while progress went on, after {progressing.Elapsed}");
            stall.Touch();
        }

        var sinceLast = Stopwatch.StartNew();
        await Eventually.TrueAsync(() => stall.Token.IsCancellationRequested, "the stall timeout after the last progress");

        Assert.True(sinceLast.Elapsed >= timeout, $"cancelled {sinceLast.Elapsed} after the last progress");
    }

    [Fact]
    public void The_callers_cancellation_goes_through_at_once()
    {
        using var caller = new CancellationTokenSource();
        using var stall = new StallTimeout(TimeSpan.FromMinutes(5), caller.Token);

        caller.Cancel();

        Assert.True(stall.Token.IsCancellationRequested);
    }
}
