using Hangfire;

namespace DramaGen.Generation.Distribution;

/// <summary>The Hangfire workers of every instance that serve node jobs: how many node jobs can run at once.</summary>
public interface IHangfireWorkers
{
    /// <summary>The workers of the live Hangfire servers on the node jobs' queue; 0 when none is known yet.</summary>
    int Count { get; }
}

/// <summary>
/// <see cref="IHangfireWorkers"/> from Hangfire's own list of servers, read at most every <see cref="Refresh"/>. A server that
/// died stays in the list until Hangfire removes it: the count is then too high, which only makes batches smaller.
/// </summary>
public sealed class HangfireWorkers(IServiceProvider services, TimeProvider clock) : IHangfireWorkers
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(10);
    private readonly Lock _lock = new();
    private (int Count, DateTimeOffset ReadAt)? _last;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                var now = clock.GetUtcNow();
                if (_last is not { } last || now - last.ReadAt >= Refresh)
                {
                    var servers = services.GetRequiredService<JobStorage>().GetMonitoringApi().Servers();
                    _last = last = (servers.Where(server => server.Queues.Contains(WorkDistributionExtensions.Queue)).Sum(server => server.WorkersCount), now);
                }
                return last.Count;
            }
        }
    }
}
