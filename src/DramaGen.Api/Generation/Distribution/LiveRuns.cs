using DramaGen.Generation.Runs;

namespace DramaGen.Generation.Distribution;

/// <summary>
/// The runs this instance leads that have nodes out with Hangfire: a worker of the same instance executes such a node on the
/// live run (its state, drama writeback and cost are the leader's own), a worker elsewhere on a view it loads.
/// </summary>
public sealed class LiveRuns
{
    private readonly Dictionary<string, (RunContext Run, int Nodes)> _runs = new(StringComparer.Ordinal);

    public IDisposable Hold(RunContext run)
    {
        lock (_runs)
        {
            _runs[run.ParentJobId] = (run, _runs.GetValueOrDefault(run.ParentJobId).Nodes + 1);
        }
        return new Release(this, run.ParentJobId);
    }

    public RunContext? Find(string parentJobId)
    {
        lock (_runs)
        {
            return _runs.TryGetValue(parentJobId, out var entry) ? entry.Run : null;
        }
    }

    private sealed class Release(LiveRuns owner, string parentJobId) : IDisposable
    {
        private bool _released;

        public void Dispose()
        {
            lock (owner._runs)
            {
                if (_released || !owner._runs.TryGetValue(parentJobId, out var entry))
                {
                    return;
                }
                _released = true;
                if (entry.Nodes <= 1)
                {
                    owner._runs.Remove(parentJobId);
                }
                else
                {
                    owner._runs[parentJobId] = (entry.Run, entry.Nodes - 1);
                }
            }
        }
    }
}
