using System.Globalization;
using System.Reflection;
using DramaGen.Configuration;
using DramaGen.Jobs;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Utils;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Distribution;

/// <summary>
/// How idle Hangfire workers learn of new node jobs with HANGFIRE_LONG_POLLING=false (the default): the leader tells every
/// instance how many jobs it enqueued, on <see cref="ClusterChannels.NodeJobsEnqueued"/> (one NOTIFY sent with the service's
/// others, received on the one connection each instance already listens on), and each instance wakes that many of its idle
/// workers the way Hangfire.PostgreSql wakes them for a job enqueued in its own process. Hangfire.PostgreSql's long polling
/// does the same with a LISTEN connection taken from the pool for every fetch and a NOTIFY for every job: measured, two
/// thirds of a distributed run's PostgreSQL statements (each fetch's LISTEN, the DISCARD ALL that its pooled connection then
/// needs, and the fetches of every idle worker of every instance at each job). Workers still look every HANGFIRE_POLL_MS in
/// case a message is lost.
/// </summary>
public sealed class NodeJobWakeups(IClusterSignals signals, IOptions<WorkDistributionOptions> options, ILogger<NodeJobWakeups> logger)
    : IHostedService
{
    /// <summary>
    /// The in-process wake-up of Hangfire.PostgreSql's workers (its enqueues set it on commit). Internal to the package: read
    /// once, and start-up fails (<see cref="StartAsync"/>) if a version of the package no longer has it.
    /// </summary>
    private static readonly AutoResetEventRegistry? Registry = typeof(PostgreSqlJobQueue)
        .GetField("_queueEventRegistry", BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null) as AutoResetEventRegistry;

    private IDisposable? _subscription;

    private bool IsOn => !options.Value.LongPolling;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (IsOn && options.Value.Workers > 0)
        {
            if (Registry is null)
            {
                throw new InvalidOperationException(
                    "HANGFIRE_LONG_POLLING=false needs Hangfire.PostgreSql's in-process wake-up of its workers, which this version of the package does not have: set HANGFIRE_LONG_POLLING=true.");
            }
            _subscription = signals.Subscribe(ClusterChannels.NodeJobsEnqueued, Wake);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Tells every instance that <paramref name="jobs"/> node jobs were just enqueued (committed).</summary>
    public async Task TellAsync(int jobs)
    {
        if (!IsOn || jobs == 0)
        {
            return;
        }
        try
        {
            await signals.SendAsync(ClusterChannels.NodeJobsEnqueued, jobs.ToString(CultureInfo.InvariantCulture), CancellationToken.None);
        }
        catch (Exception e)
        {
            // The jobs are out: the workers find them at their next look (HANGFIRE_POLL_MS), or as soon as one ends a job.
            logger.LogWarning("Could not tell the instances of {Count} new node jobs: {Error}", jobs, e.GetType().Name);
        }
    }

    /// <summary>
    /// Wakes as many idle workers as jobs were enqueued (each wake-up releases one waiting worker, which fetches one job);
    /// all of them when messages may have been lost (null).
    /// </summary>
    private void Wake(string? message)
    {
        var workers = options.Value.Workers;
        var jobs = int.TryParse(message, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? Math.Clamp(count, 1, workers) : workers;
        for (var i = 0; i < jobs; i++)
        {
            Registry!.Set(WorkDistributionExtensions.Queue);
        }
    }
}
