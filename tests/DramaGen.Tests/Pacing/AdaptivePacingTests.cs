using DramaGen.Pacing;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Pacing;

/// <summary>The live limit, the 429 pause and the quotas of a pool, on virtual time.</summary>
public sealed class AdaptivePacingTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));

    [Fact]
    public async Task A_429_burst_halves_the_live_limit_once_and_pauses_every_runs_submissions_until_Retry_After()
    {
        using var pool = new CapacityPool("video", 8, _clock);
        object runA = "run A", runB = "run B";
        var held = new List<IDisposable>();
        for (var i = 0; i < 8; i++)
        {
            held.Add(await pool.AcquireAsync(i % 2 == 0 ? runA : runB, 0, CancellationToken.None));
        }
        var waitingA = pool.AcquireAsync(runA, 0, CancellationToken.None);
        var waitingB = pool.AcquireAsync(runB, 0, CancellationToken.None);

        foreach (var _ in Enumerable.Range(0, 5))
        {
            pool.ReportThrottled(TimeSpan.FromSeconds(30));
        }
        held.ForEach(lease => lease.Dispose());

        Assert.Equal(4, pool.Limit);
        Assert.Equal(5, pool.State.Throttled);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(30), pool.State.PausedUntil);
        Assert.Equal(0, pool.InUse);
        Assert.False(waitingA.IsCompleted || waitingB.IsCompleted); // slots are free, yet nobody submits
        _clock.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));
        Assert.False(waitingA.IsCompleted || waitingB.IsCompleted);
        _clock.Advance(TimeSpan.FromTicks(1));
        (await waitingA).Dispose();
        (await waitingB).Dispose();
        Assert.Null(pool.State.PausedUntil);
    }

    [Fact]
    public async Task After_a_pause_no_more_than_the_lowered_limit_run_at_once()
    {
        using var pool = new CapacityPool("image", 4, _clock);
        pool.ReportThrottled(TimeSpan.FromSeconds(10));
        var waiters = Enumerable.Range(0, 4).Select(_ => pool.AcquireAsync(this, 0, CancellationToken.None)).ToList();

        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(2, waiters.Count(task => task.IsCompletedSuccessfully));
        Assert.Equal(2, pool.InUse);
        (await waiters[0]).Dispose();
        Assert.Equal(3, waiters.Count(task => task.IsCompletedSuccessfully));
    }

    [Fact]
    public void A_429_without_Retry_After_pauses_for_the_default_backoff()
    {
        using var pool = new CapacityPool("speech", 4, _clock);

        pool.ReportThrottled(null);

        Assert.Equal(_clock.GetUtcNow() + CapacityPool.DefaultBackoff, pool.State.PausedUntil);
    }

    [Fact]
    public void A_429_with_Retry_After_0_halves_the_limit_without_pausing()
    {
        using var pool = new CapacityPool("image", 4, _clock);

        pool.ReportThrottled(TimeSpan.Zero);

        Assert.Equal((2, (DateTimeOffset?)null), (pool.State.LiveLimit, pool.State.PausedUntil));
    }

    [Fact]
    public void Sustained_success_raises_the_live_limit_additively_back_to_the_cap_and_no_further()
    {
        using var pool = new CapacityPool("image", 8, _clock);
        pool.ReportThrottled(TimeSpan.FromSeconds(1));
        pool.ReportThrottled(TimeSpan.FromSeconds(1)); // same pause: still 4
        _clock.Advance(TimeSpan.FromSeconds(1));
        pool.ReportThrottled(TimeSpan.FromSeconds(1)); // a new overload: 2
        Assert.Equal(2, pool.Limit);

        var limits = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            pool.ReportSuccess();
            limits.Add(pool.Limit);
        }

        // As many successes in a row as the limit raise it by one: 2 -> 3 after 2, -> 4 after 3 more, ...
        Assert.Equal(3, limits[1]);
        Assert.Equal(2, limits[0]);
        Assert.Equal(4, limits[4]);
        Assert.Equal(3, limits[3]);
        Assert.Equal(8, limits[^1]);
        Assert.Equal(2 + 3 + 4 + 5 + 6 + 7, limits.IndexOf(8) + 1);
    }

    [Fact]
    public async Task A_request_quota_is_never_exceeded_in_any_window_of_a_minute()
    {
        const int Rpm = 5;
        using var pool = new CapacityPool("image", 32, _clock, requestsPerMinute: Rpm);
        var grants = new List<DateTimeOffset>();
        // Granting is synchronous with the clock (onGrant runs under the pool's lock), so the times are exact.
        var pending = Enumerable.Range(0, 23)
            .Select(_ => pool.AcquireAsync(this, 0, CancellationToken.None, () => grants.Add(_clock.GetUtcNow()))).ToList();

        // Each call is answered the moment it is granted (its slot given back); steps that do not divide the minute,
        // so windows start everywhere.
        for (var step = 0; step < 400 && grants.Count < 23; step++)
        {
            foreach (var granted in pending.Where(task => task.IsCompletedSuccessfully))
            {
                (await granted).Dispose();
            }
            _clock.Advance(TimeSpan.FromSeconds(7));
        }
        await Task.WhenAll(pending);

        Assert.Equal(23, grants.Count);
        foreach (var start in grants)
        {
            Assert.True(grants.Count(at => at >= start && at < start.AddMinutes(1)) <= Rpm, $"more than {Rpm} in the minute from {start:O}");
        }
        // ...and the quota is used: 5 at once, then 5 more each time the first ones' minute is up.
        Assert.Equal(Rpm, grants.Count(at => at == grants[0]));
        Assert.Equal(grants[0].AddSeconds(63), grants[Rpm]); // the first 7 s step at or after the first permits expire
    }

    [Fact]
    public void A_token_quota_holds_back_a_call_whose_estimate_does_not_fit_the_minute()
    {
        using var pool = new CapacityPool("text", 4, _clock, tokensPerMinute: 10_000);

        var first = pool.AcquireAsync(this, 0, CancellationToken.None, tokens: 6_000);
        var second = pool.AcquireAsync(this, 0, CancellationToken.None, tokens: 6_000);

        Assert.True(first.IsCompletedSuccessfully);
        Assert.False(second.IsCompleted);
        Assert.Equal(4_000, pool.State.TokensPerMinute!.Available);
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(second.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_token_estimate_is_corrected_to_the_usage_the_answer_reports()
    {
        using var pool = new CapacityPool("text", 4, _clock, tokensPerMinute: 1_000);
        var first = await pool.AcquireAsync(this, 0, CancellationToken.None, tokens: 600);
        var second = pool.AcquireAsync(this, 0, CancellationToken.None, tokens: 600);
        Assert.False(second.IsCompleted);

        // The answer used less than estimated: the surplus is free at once, and the waiting call fits.
        pool.ReportTokensUsed(first, 300);
        Assert.True(second.IsCompletedSuccessfully);
        Assert.Equal(100, pool.State.TokensPerMinute!.Available);

        // It used more: what the minute still has is taken, the rest is owed before any further call.
        pool.ReportTokensUsed(await second, 900);
        Assert.Equal(0, pool.State.TokensPerMinute!.Available);
        var third = pool.AcquireAsync(this, 0, CancellationToken.None, tokens: 100);
        _clock.Advance(TimeSpan.FromMinutes(1) - TimeSpan.FromTicks(1));
        Assert.False(third.IsCompleted);
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.True(third.IsCompletedSuccessfully);
        // 1,000 back, minus the 200 owed, minus the third call's 100.
        Assert.Equal(700, pool.State.TokensPerMinute!.Available);
    }
}
