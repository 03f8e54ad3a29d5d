using DramaGen.Pacing;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Pacing;

/// <summary>
/// A node gives its slot back when its provider has answered, but at most the pool's capacity of nodes may be saving media
/// on a slot given back: past that, a provider answering faster than storage takes media cannot pile up finished calls.
/// </summary>
public sealed class EarlyReleaseTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));

    [Fact]
    public async Task At_most_the_capacity_of_nodes_get_their_slot_back_before_they_finish()
    {
        using var pool = new CapacityPool("image", 2, _clock);
        var first = await pool.AcquireAsync("run", 0, CancellationToken.None);
        var second = await pool.AcquireAsync("run", 0, CancellationToken.None);
        var third = pool.AcquireAsync("run", 0, CancellationToken.None);

        var firstSaving = pool.ReleaseEarly(first);
        Assert.NotNull(firstSaving);
        Assert.True(third.IsCompleted);
        var secondSaving = pool.ReleaseEarly(second);
        Assert.NotNull(secondSaving);
        var fourth = pool.AcquireAsync("run", 0, CancellationToken.None);
        Assert.True(fourth.IsCompleted);

        // Two nodes are saving on slots given back: the third keeps its slot, so a fifth call waits.
        var fifth = pool.AcquireAsync("run", 0, CancellationToken.None);
        Assert.Null(pool.ReleaseEarly(await third));
        Assert.False(fifth.IsCompleted);
        Assert.Equal(2, pool.InUse);

        // A saving node that finishes makes room for the next early release.
        firstSaving!.Dispose();
        firstSaving.Dispose();
        var thirdSaving = pool.ReleaseEarly(await third);
        Assert.NotNull(thirdSaving);
        Assert.True(fifth.IsCompleted);
        Assert.Null(pool.ReleaseEarly(await fourth));

        secondSaving!.Dispose();
        thirdSaving!.Dispose();
        (await fourth).Dispose();
        (await fifth).Dispose();
        Assert.Equal(0, pool.InUse);
    }
}
