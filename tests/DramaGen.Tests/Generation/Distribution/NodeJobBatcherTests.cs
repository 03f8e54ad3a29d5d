using DramaGen.Configuration;
using DramaGen.Generation.Distribution;
using DramaGen.Tests.Jobs.Postgres;
using DramaGen.Tests.VirtualTime;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Generation.Distribution;

/// <summary>
/// The leader's dispatch in batches: nodes that become ready while a dispatch is being sent go out together in the next
/// Hangfire job (at most HANGFIRE_BATCH nodes a job), each claimed on its own; a node whose dispatch someone else holds is
/// left out, and the jobs are recorded for the claims that are theirs.
/// </summary>
public sealed class NodeJobBatcherTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateMigratedAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Nodes_ready_while_a_dispatch_is_sent_share_the_next_jobs_and_a_node_claimed_elsewhere_is_left_out()
    {
        var dispatches = new NodeDispatches(_database.DataSource);
        var client = new GatedJobClient();
        using var services = new ServiceCollection().AddSingleton<IBackgroundJobClient>(client).BuildServiceProvider();
        using var batcher = new NodeJobBatcher(dispatches, services, Options.Create(new WorkDistributionOptions { Batch = 3, DispatchGapMs = 0 }),
            NullLogger<NodeJobBatcher>.Instance);
        var first = batcher.DispatchAsync("job_parent", Order("job_n0"), null, CancellationToken.None);
        await client.FirstCreateEntered.WithinPatience();
        var elsewhere = Guid.NewGuid();
        Assert.True(await dispatches.TryClaimAsync("job_n3", null, elsewhere));

        // Five nodes become ready while the first dispatch is still being sent.
        var rest = Enumerable.Range(1, 5).Select(i => batcher.DispatchAsync("job_parent", Order($"job_n{i}"), null, CancellationToken.None)).ToList();
        client.Release();
        var sent = await Task.WhenAll(rest.Prepend(first)).WithinPatience();

        Assert.Equal(["1", "2", "2", "(none)", "2", "3"], sent.Select(id => id ?? "(none)"));
        Assert.Equal([["job_n0"], ["job_n1", "job_n2", "job_n4"], ["job_n5"]],
            client.Created.Select(orders => orders.Select(order => order.JobId).ToArray()));
        foreach (var (jobId, hangfireJobId) in new[] { ("job_n0", "1"), ("job_n1", "2"), ("job_n4", "2"), ("job_n5", "3") })
        {
            Assert.Equal(hangfireJobId, (await dispatches.GetAsync(jobId))!.HangfireJobId);
        }
        Assert.Equal(new NodeDispatch(elsewhere, null), await dispatches.GetAsync("job_n3"));
    }

    [Fact]
    public async Task While_the_leaders_jobs_fill_every_worker_ready_nodes_wait_and_go_out_together_once_one_has_ended()
    {
        // One worker in the cluster, and a clock that never reaches the check interval: only an ended job frees it.
        using var leader = new Leader(_database, workers: 1, new FakeTimeProvider(), gapMs: 0);

        // The next node finds the one worker busy with the first job; two more become ready meanwhile.
        var waiting = await leader.SendOneThenThreeAsync();
        leader.Batcher.Ended("1");

        leader.AssertTheThreeWentTogether(await Task.WhenAll(waiting).WithinPatience());
    }

    [Fact]
    public async Task A_dispatch_sooner_than_the_gap_after_the_last_waits_for_it_with_the_nodes_ready_meanwhile()
    {
        var clock = new WatchedTimeProvider(new FakeTimeProvider());
        using var leader = new Leader(_database, workers: 100, clock, gapMs: 50);

        // The first dispatch after a quiet time goes out at once; the next one comes before the gap has passed: it waits,
        // and the nodes ready meanwhile join it. The clock moves only once the sender waits on it (never before its timer
        // is armed, which would leave that timer due after the advance).
        var waiting = await leader.SendOneThenThreeAsync();
        Assert.Single(leader.Client.Created);
        var started = clock.GetUtcNow();
        await new VirtualTimeDriver(clock.Clock, clock).RunUntilAsync(Task.WhenAll(waiting));

        leader.AssertTheThreeWentTogether(await Task.WhenAll(waiting));
        Assert.Equal(TimeSpan.FromMilliseconds(50), clock.GetUtcNow() - started);
    }

    /// <summary>A leader's batcher with a cluster of <paramref name="workers"/> workers and a Hangfire client that creates at once.</summary>
    private sealed class Leader : IDisposable
    {
        private readonly ServiceProvider _services;

        public Leader(TestDatabase database, int workers, TimeProvider clock, int gapMs)
        {
            Client.Release();
            Workers = new CountedWorkers(workers);
            _services = new ServiceCollection()
                .AddSingleton<IBackgroundJobClient>(Client)
                .AddSingleton<IHangfireWorkers>(Workers)
                .AddSingleton(clock)
                .BuildServiceProvider();
            Batcher = new NodeJobBatcher(new NodeDispatches(database.DataSource), _services,
                Options.Create(new WorkDistributionOptions { DispatchGapMs = gapMs }), NullLogger<NodeJobBatcher>.Instance);
        }

        public GatedJobClient Client { get; } = new();
        public CountedWorkers Workers { get; }
        public NodeJobBatcher Batcher { get; }

        /// <summary>Sends job_n0; then asks for job_n1 and, once the sender is past its look at the workers, job_n2 and job_n3.</summary>
        public async Task<List<Task<string?>>> SendOneThenThreeAsync()
        {
            Assert.Equal("1", await Dispatch("job_n0").WithinPatience());
            var waiting = new List<Task<string?>> { Dispatch("job_n1") };
            await Workers.AskedTwice.WithinPatience();
            waiting.AddRange(Enumerable.Range(2, 2).Select(i => Dispatch($"job_n{i}")));
            return waiting;
        }

        public void AssertTheThreeWentTogether(string?[] sent)
        {
            Assert.Equal(["2", "2", "2"], sent.Select(id => id ?? "(none)"));
            Assert.Equal([["job_n0"], ["job_n1", "job_n2", "job_n3"]], Client.Created.Select(orders => orders.Select(order => order.JobId).ToArray()));
        }

        private Task<string?> Dispatch(string jobId) => Batcher.DispatchAsync("job_parent", Order(jobId), null, CancellationToken.None);

        public void Dispose()
        {
            Batcher.Dispose();
            _services.Dispose();
        }
    }

    /// <summary>The cluster's workers; says when they were asked for the second time (the first dispatch asks first).</summary>
    private sealed class CountedWorkers(int count) : IHangfireWorkers
    {
        private readonly TaskCompletionSource _askedTwice = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _asked;

        public Task AskedTwice => _askedTwice.Task;

        public int Count
        {
            get
            {
                if (Interlocked.Increment(ref _asked) == 2)
                {
                    _askedTwice.TrySetResult();
                }
                return count;
            }
        }
    }

    private static NodeOrder Order(string jobId) => new(jobId, jobId["job_".Length..], false, [], Guid.NewGuid());

    /// <summary>Hangfire's client, numbering the jobs it is given; the first Create waits until <see cref="Release"/>.</summary>
    private sealed class GatedJobClient : IBackgroundJobClient
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ManualResetEventSlim _gate = new();

        public List<NodeOrder[]> Created { get; } = [];

        public Task FirstCreateEntered => _entered.Task;

        public void Release() => _gate.Set();

        public string Create(Job job, IState state)
        {
            _entered.TrySetResult();
            _gate.Wait(Patience.Budget);
            lock (Created)
            {
                Created.Add((NodeOrder[])job.Args[1]);
                return Created.Count.ToString();
            }
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => throw new NotSupportedException();
    }
}
