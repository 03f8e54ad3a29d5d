using DramaGen.Generation.Runs;

namespace DramaGen.Generation.Scheduling;

/// <summary>
/// The Python service's way, kept for comparison (SCHEDULER_MODE=level): every node of a level runs with
/// Task.WhenAll (within the caps), and the next level waits for the whole previous one.
/// </summary>
public sealed class LevelScheduler(NodeRunner runner, SchedulerActivity activity) : IRunScheduler
{
    public async Task RunAsync(RunContext run, CancellationToken cancellationToken)
    {
        foreach (var level in run.Nodes.GroupBy(index => run.Graph[index].Level).OrderBy(group => group.Key))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            var runnable = level.Where(index => run.OutcomeOf(index) == NodeOutcome.Pending).ToList();
            List<Task> started;
            using (activity.Dispatch())
            {
                started = [.. runnable.Select(index => runner.StartAsync(run, index, onReady: null, cancellationToken))];
            }
            await Task.WhenAll(started);
        }
    }
}
