using DramaGen.Pacing;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Pacing;

/// <summary>
/// Request permits on virtual time: a permit comes back one window after its request was answered (the provider counts
/// the request from its arrival, which is no later), and every attempt takes one, the first the permit granted with its
/// slot, a retry a new one that it gets ahead of callers still waiting for a slot.
/// </summary>
public sealed class RequestPermitTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));

    [Fact]
    public async Task A_permit_granted_with_a_slot_comes_back_one_window_after_the_call_was_answered_not_after_the_grant()
    {
        using var pool = new CapacityPool("image", 4, _clock, requestsPerMinute: 1);
        var first = await pool.AcquireAsync(this, 0, CancellationToken.None);
        var second = pool.AcquireAsync(this, 0, CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(10));
        first.Dispose(); // a local provider answered 10 s after the grant
        _clock.Advance(Minute - TimeSpan.FromTicks(1));
        Assert.False(second.IsCompleted); // a minute after the grant has long passed
        _clock.Advance(TimeSpan.FromTicks(1));

        Assert.True(second.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task The_first_attempt_in_a_slot_uses_the_permit_granted_with_it_and_a_retry_takes_a_second_one()
    {
        using var pool = new CapacityPool("image", 4, _clock, requestsPerMinute: 3);
        var slot = await pool.AcquireAsync(this, 0, CancellationToken.None);
        Assert.Equal(2, pool.State.RequestsPerMinute!.Available);

        var (first, retry) = await AttemptTwiceInAsync(pool, slot);

        Assert.NotSame(first, retry);
        Assert.Equal(1, pool.State.RequestsPerMinute!.Available);
        slot.Dispose(); // the slot's permit was used by the first attempt: giving the slot back does not return it early
        first!.Answered();
        retry!.Answered();
        _clock.Advance(Minute - TimeSpan.FromTicks(1));
        Assert.Equal(1, pool.State.RequestsPerMinute!.Available);
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(3, pool.State.RequestsPerMinute!.Available);
    }

    [Fact]
    public async Task A_retry_waits_for_a_permit_ahead_of_callers_waiting_for_the_slot_it_holds()
    {
        // One slot and one request a minute: the next caller needs both the retry's slot and the next permit.
        using var pool = new CapacityPool("image", 1, _clock, requestsPerMinute: 1);
        var slot = await pool.AcquireAsync(this, 0, CancellationToken.None);
        var next = pool.AcquireAsync("another run", 9, CancellationToken.None);
        CapacityPool.RunCallsIn(slot);
        var first = await pool.TakeRequestPermitAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(3));
        first!.Answered(); // 429: answered at 3 s, its permit comes back at 63 s

        var retry = pool.TakeRequestPermitAsync(CancellationToken.None);
        Assert.Equal(2, pool.State.Waiting);
        _clock.Advance(Minute - TimeSpan.FromTicks(1));
        Assert.False(retry.IsCompleted);
        _clock.Advance(TimeSpan.FromTicks(1));

        Assert.True(retry.IsCompletedSuccessfully);
        Assert.False(next.IsCompleted);
        (await retry)!.Answered();
        slot.Dispose();
        Assert.False(next.IsCompleted); // the slot is free, the permit is the retry's until a minute after its answer
        _clock.Advance(Minute);
        Assert.True(next.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_cancelled_wait_for_a_permit_leaves_the_permit_to_the_next_attempt()
    {
        using var pool = new CapacityPool("image", 4, _clock, requestsPerMinute: 1);
        var taken = await pool.TakeRequestPermitAsync(CancellationToken.None);
        taken!.Answered();
        using var cancel = new CancellationTokenSource();
        var cancelled = pool.TakeRequestPermitAsync(cancel.Token);
        var waiting = pool.TakeRequestPermitAsync(CancellationToken.None);

        await cancel.CancelAsync();
        _clock.Advance(Minute);

        Assert.True(cancelled.IsCanceled);
        Assert.True(waiting.IsCompletedSuccessfully);
        Assert.Equal(0, pool.State.Waiting);
    }

    [Fact]
    public async Task Without_a_request_quota_an_attempt_takes_no_permit()
    {
        using var pool = new CapacityPool("image", 1, _clock);

        Assert.Null(await pool.TakeRequestPermitAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_flow_that_left_its_slot_waits_for_a_permit_of_its_own()
    {
        // The slot is granted with the minute's only permit; the dependents a finished node starts leave its slot first.
        using var pool = new CapacityPool("image", 2, _clock, requestsPerMinute: 1);
        var slot = await pool.AcquireAsync(this, 0, CancellationToken.None);
        CapacityPool.RunCallsIn(slot);
        CapacityPool.LeaveSlot();

        var attempt = pool.TakeRequestPermitAsync(CancellationToken.None);

        Assert.False(attempt.IsCompleted);
        CapacityPool.RunCallsIn(slot);
        Assert.NotNull(await pool.TakeRequestPermitAsync(CancellationToken.None));
        slot.Dispose();
    }

    /// <summary>Two attempts of one call in <paramref name="slot"/> (the flow a node's provider call runs in).</summary>
    private static async Task<(RequestQuota.QuotaLease? First, RequestQuota.QuotaLease? Retry)> AttemptTwiceInAsync(CapacityPool pool, IDisposable slot)
    {
        CapacityPool.RunCallsIn(slot);
        var first = await pool.TakeRequestPermitAsync(CancellationToken.None);
        var retry = await pool.TakeRequestPermitAsync(CancellationToken.None);
        return (first, retry);
    }
}
