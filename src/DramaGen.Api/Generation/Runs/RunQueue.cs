using System.Threading.Channels;
using DramaGen.Configuration;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Runs;

/// <summary>A run waiting to start: its parent job, and a sequence number that orders it against cancellations.</summary>
public sealed record RunTicket(string ParentJobId, string DramaId, long Sequence);

/// <summary>The bounded channel between the routes (and start-up resume) and <see cref="GenerationWorker"/>.</summary>
public sealed class RunQueue(IOptions<GenerationOptions> options)
{
    private long _sequence;

    private readonly Channel<RunTicket> _channel = Channel.CreateBounded<RunTicket>(new BoundedChannelOptions(options.Value.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    public ChannelReader<RunTicket> Reader => _channel.Reader;

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public long CurrentSequence => Interlocked.Read(ref _sequence);

    public ValueTask EnqueueAsync(string parentJobId, string dramaId, CancellationToken cancellationToken = default) =>
        _channel.Writer.WriteAsync(new RunTicket(parentJobId, dramaId, NextSequence()), cancellationToken);
}
