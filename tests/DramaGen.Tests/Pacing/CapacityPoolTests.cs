using DramaGen.Generation.Scheduling;
using DramaGen.Pacing;

namespace DramaGen.Tests.Pacing;

public sealed class CapacityPoolTests
{
    private static CapacityPool CreateSut(int capacity, out SchedulerActivity activity)
    {
        activity = new SchedulerActivity();
        return new CapacityPool("test", capacity);
    }

    [Fact]
    public async Task Slots_up_to_the_cap_are_granted_at_once_and_the_next_waits()
    {
        var pool = CreateSut(2, out var activity);
        var owner = new object();

        var first = pool.AcquireAsync(owner, 0, CancellationToken.None, activity.Enter);
        var second = pool.AcquireAsync(owner, 0, CancellationToken.None, activity.Enter);
        var third = pool.AcquireAsync(owner, 0, CancellationToken.None, activity.Enter);

        Assert.True(first.IsCompletedSuccessfully && second.IsCompletedSuccessfully);
        Assert.False(third.IsCompleted);
        Assert.Equal(2, activity.Active);
        (await first).Dispose();
        var lease = await third.WithinPatience();
        Assert.Equal(2, pool.InUse);
        Assert.Equal(3, activity.Active);
        lease.Dispose();
        lease.Dispose();
        (await second).Dispose();
        Assert.Equal(0, pool.InUse);
    }

    [Fact]
    public async Task A_freed_slot_goes_round_robin_over_the_runs_waiting()
    {
        var pool = CreateSut(1, out _);
        object big = "big run", small = "small run";
        var holder = await pool.AcquireAsync(big, 0, CancellationToken.None);
        var order = new List<string>();
        var waiters = new List<Task>();
        foreach (var (owner, name) in new[] { (big, "big1"), (big, "big2"), (big, "big3"), (small, "small1"), (small, "small2") })
        {
            var acquired = pool.AcquireAsync(owner, 0, CancellationToken.None);
            waiters.Add(acquired.ContinueWith(task => { lock (order) { order.Add(name); } task.Result.Dispose(); },
                TaskContinuationOptions.ExecuteSynchronously));
        }

        holder.Dispose();
        await Task.WhenAll(waiters).WithinPatience();

        Assert.Equal(["big1", "small1", "big2", "small2", "big3"], order);
    }

    [Fact]
    public async Task Within_a_run_the_highest_priority_waiter_goes_first()
    {
        var pool = CreateSut(1, out _);
        var owner = new object();
        var holder = await pool.AcquireAsync(owner, 0, CancellationToken.None);
        var low = pool.AcquireAsync(owner, 1, CancellationToken.None);
        var high = pool.AcquireAsync(owner, 9, CancellationToken.None);

        holder.Dispose();

        (await high.WithinPatience()).Dispose();
        (await low.WithinPatience()).Dispose();
        Assert.Equal(0, pool.InUse);
    }

    [Fact]
    public async Task A_cancelled_waiter_gives_up_its_turn_without_leaking_a_slot()
    {
        var pool = CreateSut(1, out var activity);
        var owner = new object();
        var holder = await pool.AcquireAsync(owner, 0, CancellationToken.None, activity.Enter);
        using var cancel = new CancellationTokenSource();
        var cancelled = pool.AcquireAsync(owner, 5, cancel.Token, activity.Enter);
        var next = pool.AcquireAsync(owner, 1, CancellationToken.None, activity.Enter);

        await cancel.CancelAsync();
        holder.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        (await next.WithinPatience()).Dispose();
        Assert.Equal(0, pool.InUse);
        Assert.Equal(2, activity.Active);
    }
}
