using System.Collections.Concurrent;
using DramaGen.Configuration;
using DramaGen.Generation.Runs;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Scheduling;

/// <summary>A node starts as soon as all of its dependencies are done, not when its whole level is.</summary>
public sealed class EagerScheduler(NodeRunner runner, SchedulerActivity activity, IOptions<GenerationOptions> options) : IRunScheduler
{
    public async Task RunAsync(RunContext run, CancellationToken cancellationToken)
    {
        var tasks = new ConcurrentQueue<Task>();
        // One delegate for the whole run: a local function passed as a delegate would allocate one per node.
        Action<int> start = null!;
        start = index => tasks.Enqueue(runner.StartAsync(run, index, start, cancellationToken));

        // The first ready nodes take free slots without contest, so they ask in the order the run prefers.
        var ready = run.InitiallyReady();
        using (activity.Dispatch())
        {
            foreach (var index in options.Value.IsCriticalPathFirst ? ready.OrderByDescending(index => run.Priorities[index]) : ready.AsEnumerable())
            {
                start(index);
            }
        }
        // Dependents are started by the node that readied them, so the queue grows while we drain it.
        while (tasks.TryDequeue(out var task))
        {
            await task;
        }
    }
}
