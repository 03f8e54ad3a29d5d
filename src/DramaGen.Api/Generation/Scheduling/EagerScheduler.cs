using System.Collections.Concurrent;
using DramaGen.Generation.Runs;

namespace DramaGen.Generation.Scheduling;

/// <summary>A node starts as soon as all of its dependencies are done, not when its whole level is.</summary>
public sealed class EagerScheduler(NodeRunner runner) : IRunScheduler
{
    public async Task RunAsync(RunContext run, CancellationToken cancellationToken)
    {
        var tasks = new ConcurrentQueue<Task>();
        void Start(int index) => tasks.Enqueue(runner.StartAsync(run, index, Start, cancellationToken));

        foreach (var index in run.InitiallyReady())
        {
            Start(index);
        }
        // Dependents are started by the node that readied them, so the queue grows while we drain it.
        while (tasks.TryDequeue(out var task))
        {
            await task;
        }
    }
}
