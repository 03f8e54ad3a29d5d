using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using DramaGen.Jobs;

namespace DramaGen.Generation.Events;

/// <summary>
/// Run events across instances (JOB_STORE=postgres): the changes this instance publishes go out on
/// <see cref="ClusterChannels.RunEvents"/> in batches of ids, and those of the others are applied to this instance's
/// logs (<see cref="RunEventHub.ApplyRemote"/>), so an event stream served by any instance shows a run wherever its
/// nodes run. Nothing is sent or listened to with one instance.
/// </summary>
internal sealed class RunEventRelay(RunEventHub hub, IClusterSignals signals, ILogger<RunEventRelay> logger) : BackgroundService
{
    /// <summary>Changes per message at most (a message must stay under PostgreSQL's NOTIFY payload limit).</summary>
    private const int MaxChangesPerMessage = 40;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!signals.IsShared)
        {
            return;
        }
        var inbox = Channel.CreateUnbounded<RelayMessage?>(new UnboundedChannelOptions { SingleReader = true });
        using var subscription = signals.Subscribe(ClusterChannels.RunEvents, payload => inbox.Writer.TryWrite(payload is null ? null : Parse(payload)));
        await Task.WhenAll(SendAsync(stoppingToken), ApplyAsync(inbox.Reader, stoppingToken));
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await hub.Outbox.WaitToReadAsync(stoppingToken))
            {
                var batch = new List<RunChange>();
                while (batch.Count < MaxChangesPerMessage && hub.Outbox.TryRead(out var change))
                {
                    // A run's counts are read when applied: one progress per message says as much as several.
                    if (change.Kind != RunEvents.ProgressKind || !batch.Contains(change))
                    {
                        batch.Add(change);
                    }
                }
                try
                {
                    await signals.SendAsync(ClusterChannels.RunEvents, JsonSerializer.Serialize(new RelayMessage(hub.Instance, batch)), stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The others resync when their connection comes back; the run itself is not affected.
                    logger.LogWarning("Could not tell the other instances of {Count} run changes: {Error}", batch.Count, e.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ApplyAsync(ChannelReader<RelayMessage?> inbox, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in inbox.ReadAllAsync(stoppingToken))
            {
                try
                {
                    if (message is null)
                    {
                        hub.ResyncFromStore();
                    }
                    else if (message.From != hub.Instance)
                    {
                        foreach (var change in message.Changes)
                        {
                            hub.ApplyRemote(change);
                        }
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Could not apply run changes of another instance: {Error}", e.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static RelayMessage Parse(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<RelayMessage>(payload) ?? new RelayMessage("", []);
        }
        catch (JsonException)
        {
            return new RelayMessage("", []);
        }
    }

    /// <param name="From">The sending hub's instance: an instance skips its own messages.</param>
    private sealed record RelayMessage(string From, IReadOnlyList<RunChange> Changes);
}
