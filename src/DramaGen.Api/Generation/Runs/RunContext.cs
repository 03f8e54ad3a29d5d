using DramaGen.Generation.Inputs;
using DramaGen.Generation.Media;
using DramaGen.Generation.Planning;
using DramaGen.Generation.State;

namespace DramaGen.Generation.Runs;

/// <summary>
/// One run in flight: the graph it was planned on, the nodes it executes (with their child job ids) and
/// where each stands. Transitions go through <see cref="Finish"/>, under one lock, so the schedulers
/// never lose a readiness update.
/// </summary>
public sealed class RunContext
{
    private readonly string?[] _jobIds;
    private readonly bool[] _forced;
    private readonly NodeOutcome[] _outcomes;
    private readonly int[] _waitingOn;
    private readonly DateTimeOffset[] _startedAt;
    private int _unfinished;

    public RunContext(string parentJobId, string dramaId, RunSettings settings, DramaGraph graph, DramaLookup lookup,
        DramaState state, DramaWriteback writeback, IReadOnlyDictionary<int, string> jobIds, IReadOnlyDictionary<int, NodeOutcome> outcomes,
        Func<int, bool> forced, Func<PlanNode, double> expectedSeconds)
    {
        ParentJobId = parentJobId;
        DramaId = dramaId;
        Settings = settings;
        Graph = graph;
        Lookup = lookup;
        State = state;
        Writeback = writeback;
        var count = graph.Nodes.Count;
        _jobIds = new string?[count];
        _forced = new bool[count];
        _outcomes = new NodeOutcome[count];
        _waitingOn = new int[count];
        _startedAt = new DateTimeOffset[count];
        foreach (var (index, jobId) in jobIds)
        {
            _jobIds[index] = jobId;
            _forced[index] = forced(index);
            _outcomes[index] = outcomes.GetValueOrDefault(index, NodeOutcome.Pending);
        }
        Nodes = [.. graph.TopologicalOrder.Where(index => _jobIds[index] is not null)];
        foreach (var index in Nodes)
        {
            if (!_outcomes[index].IsFinal())
            {
                _unfinished++;
                _waitingOn[index] = graph.Nodes[index].DependencyIndexes.Count(dependency => InRun(dependency) && !_outcomes[dependency].Satisfies());
            }
        }
        Priorities = RunPriorities.Compute(graph, Nodes, InRun, expectedSeconds);
    }

    public string ParentJobId { get; }
    public string DramaId { get; }
    public RunSettings Settings { get; }
    public DramaGraph Graph { get; }
    public DramaLookup Lookup { get; }
    public DramaState State { get; }
    public DramaWriteback Writeback { get; }

    /// <summary>
    /// WORK_DISTRIBUTION=hangfire: the instance executing this context's nodes (<see cref="Distribution.ClusterInstance"/>),
    /// written on each child job in the same update as the node's state, so the leader knows which outcomes another instance
    /// produced. Null otherwise.
    /// </summary>
    public string? ExecutedBy { get; set; }
    /// <summary>The run's nodes in topological order.</summary>
    public IReadOnlyList<int> Nodes { get; }
    /// <summary>Per node index: the longest expected chain of work (seconds) from it to the end of the run.</summary>
    public double[] Priorities { get; }

    /// <summary>The limits this run's nodes are held to: its max_cost_usd, the drama's and its user's budgets.</summary>
    public Costs.BudgetScope BudgetScope => new(DramaId, Settings.UserId, ParentJobId, Settings.MaxCostUsd);

    private decimal _costUsd;
    private bool _billed;

    /// <summary>What this run's providers billed so far (exact; what SSE progress shows).</summary>
    public decimal CostUsd
    {
        get { lock (_jobIds) return _costUsd; }
    }

    /// <summary>As <see cref="CostUsd"/>, but null while nothing was billed: the sum of the children's cost_usd.</summary>
    public decimal? BilledUsd
    {
        get { lock (_jobIds) return _billed ? _costUsd : null; }
    }

    /// <summary>A bill of the run's nodes (one that has no lines is no bill: its child job's cost_usd stays null).</summary>
    public void AddCost(decimal usd)
    {
        lock (_jobIds)
        {
            _costUsd += usd;
            _billed = true;
        }
    }

    public bool InRun(int index) => _jobIds[index] is not null;

    public string JobIdOf(int index) => _jobIds[index] ?? throw new InvalidOperationException($"Node {Graph[index].Id} is not in this run.");

    public bool IsForced(int index) => _forced[index];

    public NodeOutcome OutcomeOf(int index)
    {
        lock (_outcomes)
        {
            return _outcomes[index];
        }
    }

    public int Unfinished
    {
        get { lock (_outcomes) { return _unfinished; } }
    }

    /// <summary>Nodes that can start now (at run start: pending, nothing in the run left to wait for).</summary>
    public IReadOnlyList<int> InitiallyReady()
    {
        lock (_outcomes)
        {
            return [.. Nodes.Where(index => _outcomes[index] == NodeOutcome.Pending && _waitingOn[index] == 0)];
        }
    }

    /// <summary>Nodes that ended badly before this start (a resumed run): their pending descendants must be skipped.</summary>
    public IReadOnlyList<int> FailedOrSkipped()
    {
        lock (_outcomes)
        {
            return [.. Nodes.Where(index => _outcomes[index] is NodeOutcome.Failed or NodeOutcome.Skipped)];
        }
    }

    public void MarkRunning(int index, DateTimeOffset now)
    {
        lock (_outcomes)
        {
            _outcomes[index] = NodeOutcome.Running;
            _startedAt[index] = now;
        }
    }

    /// <summary>
    /// Copies every node's outcome so far and, for a running one, when it started (for the ETA), as one consistent
    /// picture, into arrays indexed like the graph that the caller keeps (so a 10,000-node run's ETA allocates nothing).
    /// </summary>
    public void CopyProgress(NodeOutcome[] outcomes, DateTimeOffset[] startedAt)
    {
        lock (_outcomes)
        {
            _outcomes.CopyTo(outcomes, 0);
            _startedAt.CopyTo(startedAt, 0);
        }
    }

    /// <summary>
    /// Records a node's outcome. Returns the dependents that became ready (on success) or the not yet
    /// finished descendants that can no longer run (on failure or skip), which are marked skipped here.
    /// </summary>
    public (List<int> Ready, List<int> Skipped) Finish(int index, NodeOutcome outcome)
    {
        var ready = new List<int>();
        var skipped = new List<int>();
        lock (_outcomes)
        {
            var previous = _outcomes[index];
            _outcomes[index] = outcome;
            if (outcome == NodeOutcome.Cancelled)
            {
                return (ready, skipped);
            }
            if (!previous.IsFinal())
            {
                _unfinished--;
            }
            if (outcome.Satisfies())
            {
                foreach (var dependent in Graph[index].DependentIndexes)
                {
                    if (InRun(dependent) && --_waitingOn[dependent] == 0 && _outcomes[dependent] == NodeOutcome.Pending)
                    {
                        ready.Add(dependent);
                    }
                }
            }
            else
            {
                var stack = new Stack<int>(Graph[index].DependentIndexes);
                while (stack.Count > 0)
                {
                    var next = stack.Pop();
                    if (InRun(next) && _outcomes[next] == NodeOutcome.Pending)
                    {
                        _outcomes[next] = NodeOutcome.Skipped;
                        _unfinished--;
                        skipped.Add(next);
                        foreach (var dependent in Graph[next].DependentIndexes)
                        {
                            stack.Push(dependent);
                        }
                    }
                }
            }
        }
        return (ready, skipped);
    }
}
