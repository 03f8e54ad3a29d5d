using DramaGen.Generation.Distribution;
using DramaGen.Jobs;
using DramaGen.Jobs.Postgres;
using DramaGen.Tests.Jobs.Postgres;
using Npgsql;

namespace DramaGen.Tests.Generation.Distribution;

/// <summary>
/// A node's dispatch is decided in PostgreSQL: of leaders (or attempts) claiming it at once, each through its own connection
/// pool, exactly one wins, first when nobody had claimed it and again when they all saw the same earlier claim; a Hangfire job
/// of a superseded claim knows it is no longer the node's.
/// </summary>
public sealed class NodeDispatchesTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateMigratedAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Twenty_claimers_of_an_unclaimed_node_at_once_leave_exactly_one_dispatch()
    {
        var tokens = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();

        var won = await Task.WhenAll(tokens.Select(token => Task.Run(() => Instance().TryClaimAsync("job_node", null, token))));

        var winner = Assert.Single(tokens.Where((_, i) => won[i]));
        Assert.Equal(new NodeDispatch(winner, null), await Instance().GetAsync("job_node"));
        Assert.True(await Instance().IsCurrentAsync("job_node", winner));
    }

    [Fact]
    public async Task Twenty_claimers_replacing_the_same_earlier_claim_at_once_leave_exactly_one_and_the_old_job_is_superseded()
    {
        var dispatches = Instance();
        var first = Guid.NewGuid();
        Assert.True(await dispatches.TryClaimAsync("job_node", null, first));
        await dispatches.RecordAsync("job_node", first, "41");
        var tokens = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();

        var won = await Task.WhenAll(tokens.Select(token => Task.Run(() => Instance().TryClaimAsync("job_node", first, token))));

        var winner = Assert.Single(tokens.Where((_, i) => won[i]));
        Assert.False(await dispatches.IsCurrentAsync("job_node", first));
        // The superseded claim cannot record its job over the winner's, and a claimer that saw nothing cannot take it either.
        await dispatches.RecordAsync("job_node", first, "41");
        Assert.Equal(new NodeDispatch(winner, null), await dispatches.GetAsync("job_node"));
        Assert.False(await dispatches.TryClaimAsync("job_node", null, Guid.NewGuid()));
        await dispatches.RecordAsync("job_node", winner, "42");
        Assert.Equal(new NodeDispatch(winner, "42"), await dispatches.GetAsync("job_node"));
    }

    [Fact]
    public async Task Twenty_batch_claimers_sharing_a_node_leave_it_exactly_one_dispatch_and_keep_their_own_nodes()
    {
        // Each claimer's batch holds the shared node and one node of its own.
        var tokens = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();

        var won = await Task.WhenAll(tokens.Select((token, i) => Task.Run(() => Instance().TryClaimManyAsync(
            [new NodeClaim("job_shared", null, token), new NodeClaim($"job_own{i}", null, token)]))));

        var winner = Assert.Single(Enumerable.Range(0, 20), i => won[i].Contains("job_shared"));
        Assert.Equal(tokens[winner], (await Instance().GetAsync("job_shared"))!.Token);
        Assert.All(Enumerable.Range(0, 20), i => Assert.Contains($"job_own{i}", won[i]));
    }

    [Fact]
    public async Task A_batch_claim_replaces_only_the_claims_it_saw()
    {
        var dispatches = Instance();
        var (first, other) = (Guid.NewGuid(), Guid.NewGuid());
        Assert.True(await dispatches.TryClaimAsync("job_a", null, first));
        Assert.True(await dispatches.TryClaimAsync("job_b", null, other));
        var next = Guid.NewGuid();

        // It saw job_a's claim, and no claim of job_b (which someone else holds), and job_c is new.
        var won = await Instance().TryClaimManyAsync(
            [new NodeClaim("job_a", first, next), new NodeClaim("job_b", null, next), new NodeClaim("job_c", null, next)]);

        Assert.Equal(["job_a", "job_c"], won.Order());
        Assert.Equal(other, (await dispatches.GetAsync("job_b"))!.Token);
        // Recording the jobs of a batch writes only over the claims that are still its own.
        await dispatches.RecordManyAsync([(new NodeClaim("job_a", first, next), "7"), (new NodeClaim("job_b", null, next), "7"),
            (new NodeClaim("job_c", null, next), "7")]);
        Assert.Equal(new NodeDispatch(next, "7"), await dispatches.GetAsync("job_a"));
        Assert.Equal(new NodeDispatch(other, null), await dispatches.GetAsync("job_b"));
        Assert.Equal(new NodeDispatch(next, "7"), await dispatches.GetAsync("job_c"));
    }

    [Fact]
    public async Task Claims_of_a_batch_say_each_token_and_whether_its_child_job_still_has_to_run()
    {
        var jobs = new PostgresJobStore(_database.DataSource);
        var created = DateTimeOffset.UtcNow;
        await jobs.CreateManyAsync([
            new JobRecord { JobId = "job_open", DramaId = "drama_x", JobType = "image", CreatedAt = created },
            new JobRecord { JobId = "job_done", DramaId = "drama_x", JobType = "image", CreatedAt = created, Status = JobStatus.Completed, CompletedAt = created },
        ]);
        var dispatches = Instance();
        var token = Guid.NewGuid();
        foreach (var jobId in new[] { "job_open", "job_done", "job_gone" })
        {
            Assert.True(await dispatches.TryClaimAsync(jobId, null, token));
        }

        var claims = await dispatches.ClaimsAsync(["job_open", "job_done", "job_gone", "job_unclaimed"]);

        Assert.Equal((token, true), claims["job_open"]);
        Assert.Equal((token, false), claims["job_done"]);
        Assert.Equal((token, false), claims["job_gone"]);
        Assert.False(claims.ContainsKey("job_unclaimed"));
    }

    /// <summary>Another instance: its own connection pool on the same database.</summary>
    private NodeDispatches Instance() => new NodeDispatches(_database.NewInstancePool());
}
