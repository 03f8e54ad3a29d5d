using DramaGen.Generation.Distribution;
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

    /// <summary>Another instance: its own connection pool on the same database.</summary>
    private NodeDispatches Instance() => new NodeDispatches(_database.NewInstancePool());
}
