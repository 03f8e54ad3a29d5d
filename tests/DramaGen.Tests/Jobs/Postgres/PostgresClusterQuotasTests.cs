using System.Collections.Concurrent;
using DramaGen.Configuration;
using DramaGen.Jobs;
using DramaGen.Jobs.Postgres;
using DramaGen.Pacing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using DramaGen.Tests.VirtualTime;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Jobs.Postgres;

/// <summary>
/// A provider's request quota and its 429 pauses hold across instances: each instance here has its own connection pool on
/// one database, and they share one virtual clock, as the instances of a deployment share the wall clock.
/// </summary>
public sealed class PostgresClusterQuotasTests : IAsyncLifetime
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
    private readonly RecordedSignals _signals = new();
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateMigratedAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Three_instances_taking_at_once_get_exactly_the_quota_and_a_permit_comes_back_a_window_after_its_answer()
    {
        var instances = Enumerable.Range(0, 3).Select(_ => Instance().Quotas).ToList();

        var taken = await Task.WhenAll(instances.SelectMany(quotas => Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() => quotas.TryTakeAsync("image", 5, CancellationToken.None)))));

        var granted = taken.Where(take => take.Permit is not null).Select(take => take.Permit!).ToList();
        Assert.Equal(5, granted.Count);
        _clock.Advance(TimeSpan.FromSeconds(10));
        await granted[0].AnsweredAsync();
        _clock.Advance(Minute - TimeSpan.FromTicks(1));
        var refused = await instances[1].TryTakeAsync("image", 5, CancellationToken.None);
        Assert.Null(refused.Permit);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromTicks(1), refused.RetryAt);
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.NotNull((await instances[2].TryTakeAsync("image", 5, CancellationToken.None)).Permit);
        Assert.Null((await instances[0].TryTakeAsync("image", 5, CancellationToken.None)).Permit);
    }

    [Fact]
    public async Task A_capability_has_its_own_quota()
    {
        var quotas = Instance().Quotas;

        Assert.NotNull((await quotas.TryTakeAsync("image", 1, CancellationToken.None)).Permit);

        Assert.Null((await quotas.TryTakeAsync("image", 1, CancellationToken.None)).Permit);
        Assert.NotNull((await quotas.TryTakeAsync("video", 1, CancellationToken.None)).Permit);
    }

    [Fact]
    public async Task A_permit_of_an_instance_that_died_before_the_answer_comes_back_after_the_unanswered_hold()
    {
        var died = Instance().Quotas;
        var survivor = Instance().Quotas;
        Assert.NotNull((await died.TryTakeAsync("video", 1, CancellationToken.None)).Permit);

        _clock.Advance(PostgresClusterQuotas.UnansweredHold - TimeSpan.FromTicks(1));
        Assert.Null((await survivor.TryTakeAsync("video", 1, CancellationToken.None)).Permit);
        _clock.Advance(TimeSpan.FromTicks(1));

        Assert.NotNull((await survivor.TryTakeAsync("video", 1, CancellationToken.None)).Permit);
    }

    [Fact]
    public async Task A_429_on_one_instance_holds_back_every_instances_permits_until_its_retry_after()
    {
        var throttled = Instance();
        var other = Instance().Quotas;

        await throttled.Quotas.ReportThrottledAsync(throttled.Pools.Image, TimeSpan.FromSeconds(30), CancellationToken.None);

        var refused = await other.TryTakeAsync("image", 100, CancellationToken.None);
        Assert.Null(refused.Permit);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromSeconds(30), refused.RetryAt);
        Assert.NotNull((await other.TryTakeAsync("video", 100, CancellationToken.None)).Permit);
        // A shorter pause reported later does not cut the longer one short.
        await throttled.Quotas.ReportThrottledAsync(throttled.Pools.Image, TimeSpan.FromSeconds(5), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));
        Assert.Null((await other.TryTakeAsync("image", 100, CancellationToken.None)).Permit);
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.NotNull((await other.TryTakeAsync("image", 100, CancellationToken.None)).Permit);
    }

    [Fact]
    public async Task Another_instances_429_halves_this_instances_live_limit_and_pauses_it_and_its_own_is_not_applied_twice()
    {
        var throttled = Instance();
        var other = Instance();
        var cap = other.Pools.Image.Capacity;

        await throttled.Quotas.ReportThrottledAsync(throttled.Pools.Image, TimeSpan.FromSeconds(30), CancellationToken.None);
        var message = Assert.Single(_signals.Sent[ClusterChannels.Throttled]);

        Assert.True(other.Throttles.Receive(message));
        Assert.Equal(Math.Max(1, cap / 2), other.Pools.Image.Limit);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromSeconds(30), other.Pools.Image.State.PausedUntil);
        Assert.Equal(other.Pools.Video.Capacity, other.Pools.Video.Limit);
        Assert.False(throttled.Throttles.Receive(message));
        Assert.Equal(cap, throttled.Pools.Image.Limit); // its own 429 was reported to its pool by the handler that saw it, not here
        Assert.False(other.Throttles.Receive(null));
        Assert.False(other.Throttles.Receive("not|a-capability|1"));
    }

    [Fact]
    public async Task A_waiting_take_gets_its_permit_the_moment_the_window_of_the_last_one_has_passed()
    {
        var watched = new WatchedTimeProvider(_clock);
        var (quotas, pools, _) = Instance(watched);
        var image = new CapacityPool("image", 4, _clock, requestsPerMinute: 1);
        var answeredAt = _clock.GetUtcNow();
        await (await quotas.TakeAsync(image, CancellationToken.None))!.AnsweredAsync();

        var waiting = quotas.TakeAsync(image, CancellationToken.None);
        await new VirtualTimeDriver(_clock, watched).RunUntilAsync(waiting);

        Assert.NotNull(await waiting);
        Assert.Equal(answeredAt + Minute, _clock.GetUtcNow());
        Assert.Null(await quotas.TakeAsync(pools.Image, CancellationToken.None)); // no IMAGE_RPM configured: nothing shared to take
    }

    private (PostgresClusterQuotas Quotas, CapacityPools Pools, ClusterThrottles Throttles) Instance(TimeProvider? clock = null)
    {
        var pools = new CapacityPools(Options.Create(new ProvidersOptions()), Options.Create(new CutOptions()), _clock);
        var throttles = new ClusterThrottles(_signals, pools, _clock);
        return (new PostgresClusterQuotas(_database.NewInstancePool(), throttles, clock ?? _clock, NullLogger<PostgresClusterQuotas>.Instance), pools, throttles);
    }

    /// <summary>The messages sent, by channel; delivery between instances is PostgresSignals' part, tested on its own.</summary>
    private sealed class RecordedSignals : IClusterSignals
    {
        public ConcurrentDictionary<string, ConcurrentQueue<string>> Sent { get; } = new();

        public bool IsShared => true;

        public Task SendAsync(string channel, string payload, CancellationToken cancellationToken = default)
        {
            Sent.GetOrAdd(channel, _ => new ConcurrentQueue<string>()).Enqueue(payload);
            return Task.CompletedTask;
        }

        public IDisposable Subscribe(string channel, Action<string?> receive) => throw new NotSupportedException();
    }
}
