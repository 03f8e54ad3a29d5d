using System.Runtime.CompilerServices;
using System.Threading.Channels;
using DramaGen.Configuration;
using Microsoft.Extensions.Options;

namespace DramaGen.Jobs;

/// <summary>
/// How the engine leader learns of jobs written by any instance (JOB_STORE=postgres): each new top-level job's id as
/// its NOTIFY arrives, and null (re-scan the unfinished jobs) at the start, after a lost connection and every
/// JOBS_RESCAN_SECONDS as the safety net. Nothing polls in between.
/// </summary>
public sealed class SharedJobFeed(IClusterSignals signals, IOptions<JobStoreOptions> options, TimeProvider clock)
{
    public bool IsShared => signals.IsShared;

    /// <summary>Job ids to look at, or null for "look at every unfinished job"; starts with a null.</summary>
    public async IAsyncEnumerable<string?> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var wake = Channel.CreateUnbounded<string?>(new UnboundedChannelOptions { SingleReader = true });
        using var subscription = signals.Subscribe(ClusterChannels.NewJobs, jobId => wake.Writer.TryWrite(jobId));
        var rescan = TimeSpan.FromSeconds(options.Value.RescanSeconds);
        using var timer = clock.CreateTimer(_ => wake.Writer.TryWrite(null), null, rescan, rescan);
        yield return null;
        while (await wake.Reader.WaitToReadAsync(cancellationToken))
        {
            while (wake.Reader.TryRead(out var jobId))
            {
                yield return jobId;
            }
        }
    }
}
