using System.Collections.Concurrent;
using DramaGen.Configuration;
using DramaGen.Jobs;
using DramaGen.Jobs.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DramaGen.Tests.Jobs.Postgres;

/// <summary>Signals between instances on PostgreSQL (NOTIFY and a LISTEN connection), each instance with its own pool.</summary>
public sealed class PostgresSignalsTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Messages_sent_at_once_each_reach_another_instance()
    {
        var sender = Instance();
        var receiver = Instance();
        var received = new ConcurrentDictionary<string, byte>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = receiver.Subscribe(ClusterChannels.NodesDone, payload =>
        {
            if (payload is null)
            {
                listening.TrySetResult();
            }
            else if (received.TryAdd(payload, 0) && received.Count == 50)
            {
                all.TrySetResult();
            }
        });
        await receiver.StartAsync(CancellationToken.None);
        await listening.Task.WithinPatience();

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => sender.SendAsync(ClusterChannels.NodesDone, $"job_{i}")));

        await all.Task.WithinPatience();
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"job_{i}").Order(), received.Keys.Order());
        await receiver.StopAsync(CancellationToken.None);
    }

    private PostgresSignals Instance()
    {
        // The pool is the database's to dispose: the provider owns nothing.
        var services = new ServiceCollection().AddSingleton(_database.NewInstancePool()).BuildServiceProvider();
        return new PostgresSignals(services, Options.Create(new JobStoreOptions { Kind = JobStoreOptions.Postgres, DatabaseUrl = _database.Url }),
            TimeProvider.System, NullLogger<PostgresSignals>.Instance);
    }
}
