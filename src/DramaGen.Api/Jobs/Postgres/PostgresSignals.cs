using System.Collections.Concurrent;
using DramaGen.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DramaGen.Jobs.Postgres;

/// <summary>
/// <see cref="IClusterSignals"/> on PostgreSQL: NOTIFY to send, and one connection of its own that LISTENs to every
/// channel of <see cref="ClusterChannels"/> and waits for notifications (no polling). Each time it starts listening (at
/// start-up, and again after the connection was lost) every subscriber is told (a null message) that it may have missed some.
/// </summary>
public sealed class PostgresSignals(IServiceProvider services, IOptions<JobStoreOptions> options, TimeProvider clock,
    ILogger<PostgresSignals> logger) : BackgroundService, IClusterSignals
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<Subscription, byte> _subscriptions = new();
    private readonly CallGroups<(string Channel, string Payload), bool> _sends = new(messages => NotifyAsync(services, messages));

    public bool IsShared => true;

    /// <summary>Sent with the messages sent at the same time, in one statement (each still its own notification).</summary>
    public Task SendAsync(string channel, string payload, CancellationToken cancellationToken = default) =>
        _sends.CallAsync((channel, payload), cancellationToken);

    private static async Task<CallOutcome<bool>[]> NotifyAsync(IServiceProvider services, IReadOnlyList<(string Channel, string Payload)> messages)
    {
        await using var notify = services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "SELECT count(pg_notify(channel, payload)) FROM unnest($1::text[], $2::text[]) AS m(channel, payload)");
        notify.Parameters.AddWithValue(messages.Select(message => message.Channel).ToArray());
        notify.Parameters.AddWithValue(messages.Select(message => message.Payload).ToArray());
        await notify.ExecuteScalarAsync();
        return [.. messages.Select(_ => CallOutcome<bool>.Of(true))];
    }

    public IDisposable Subscribe(string channel, Action<string?> receive)
    {
        var subscription = new Subscription(channel, receive, this);
        _subscriptions[subscription] = 0;
        return subscription;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Kind != JobStoreOptions.Postgres)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Outside the pool: its LISTENs end with it, and no pooled connection keeps receiving the channels.
                await using var connection = await PostgresPools.OpenSessionAsync(options.Value.DatabaseUrl!, stoppingToken);
                connection.Notification += (_, message) => Deliver(message.Channel, message.Payload);
                foreach (var channel in ClusterChannels.All)
                {
                    await using var listen = new NpgsqlCommand($"LISTEN {channel}", connection);
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                // Whatever was sent before this connection listened (at start-up, or while it was lost) never arrives.
                foreach (var channel in ClusterChannels.All)
                {
                    Deliver(channel, null);
                }
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Lost the PostgreSQL notifications connection ({Error}); listening again", e.GetType().Name);
                try
                {
                    await Task.Delay(ReconnectDelay, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Deliver(string channel, string? payload)
    {
        foreach (var subscription in _subscriptions.Keys)
        {
            if (subscription.Channel == channel)
            {
                try
                {
                    subscription.Receive(payload);
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "A subscriber of {Channel} failed", channel);
                }
            }
        }
    }

    private sealed class Subscription(string channel, Action<string?> receive, PostgresSignals owner) : IDisposable
    {
        public string Channel { get; } = channel;
        public Action<string?> Receive { get; } = receive;

        public void Dispose() => owner._subscriptions.TryRemove(this, out _);
    }
}
