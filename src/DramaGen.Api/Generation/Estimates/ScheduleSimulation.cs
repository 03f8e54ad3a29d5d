using DramaGen.Generation.Planning;

namespace DramaGen.Generation.Estimates;

/// <summary>Where a node stands when a simulation starts.</summary>
public enum SimulatedStatus
{
    Pending,
    /// <summary>In a provider call since <see cref="SimulatedNode.ElapsedSeconds"/>: it holds a slot until it ends.</summary>
    Running,
    /// <summary>Completed, failed or skipped: nothing left to do.</summary>
    Done,
}

/// <param name="Seconds">How long the node's call is expected to take in all.</param>
/// <param name="Priority">Its rank among ready nodes (higher first), as the engine gives it.</param>
public readonly record struct SimulatedNode(SimulatedStatus Status, double Seconds, double Priority, double ElapsedSeconds = 0);

/// <summary>
/// A capability's limits as the simulation applies them: its slots (the live limit) and its request quota per
/// minute, with what is left of it now. Permits already spent are assumed to come back a whole window from now.
/// </summary>
public readonly record struct SimulatedLane(int Slots, int RequestsPerMinute = 0, int RequestsAvailable = 0);

/// <summary>
/// Plays the rest of a run forward with the engine's rules and expected latencies: a node is ready once its
/// dependencies are done, a free slot of its capability goes to the ready node with the highest priority (or the
/// one ready first, in first-come order), a start takes a request permit that returns a minute after the node's
/// answer (as <see cref="DramaGen.Pacing.RequestQuota"/> holds it), and a node
/// without a capability ends at once. The result is the time until the last node ends: the run's ETA, and the
/// benchmark's zero-overhead schedule.
/// </summary>
public static class ScheduleSimulation
{
    private static readonly double QuotaWindowSeconds = TimeSpan.FromMinutes(1).TotalSeconds;

    /// <param name="nodes">The run's nodes in topological order.</param>
    /// <param name="node">Each node's status, expected seconds and priority.</param>
    /// <param name="lanes">The limits per capability; a capability without a lane is not limited.</param>
    /// <param name="workspace">Arrays and queues to reuse, for a caller that simulates the same graph again and again.</param>
    /// <returns>Seconds from now until every node is done.</returns>
    public static double RemainingSeconds(DramaGraph graph, IReadOnlyList<int> nodes, Func<int, SimulatedNode> node,
        IReadOnlyDictionary<Capability, SimulatedLane> lanes, bool criticalPathFirst = true, SimulationWorkspace? workspace = null)
    {
        workspace ??= new SimulationWorkspace(graph.Nodes.Count);
        var states = workspace.States;
        var inSimulation = workspace.InSimulation;
        var waitingOn = workspace.WaitingOn;
        Array.Clear(inSimulation);
        foreach (var index in nodes)
        {
            states[index] = node(index);
            inSimulation[index] = true;
        }
        var free = lanes.ToDictionary(lane => lane.Key, lane => lane.Value.Slots);
        var permits = lanes.Where(lane => lane.Value.RequestsPerMinute > 0).ToDictionary(lane => lane.Key, lane => new Permits(lane.Value));
        var ready = workspace.Ready;
        foreach (var queue in ready.Values)
        {
            queue.Clear();
        }
        var ends = workspace.Ends;
        ends.Clear();
        long sequence = 0;
        var now = 0.0;
        var last = 0.0;

        void MakeReady(int index)
        {
            var priority = criticalPathFirst ? -states[index].Priority : 0;
            var capability = graph[index].Capability;
            if (!ready.TryGetValue(capability, out var queue))
            {
                ready[capability] = queue = new PriorityQueue<int, (double, long)>();
            }
            queue.Enqueue(index, (priority, sequence++));
        }

        bool IsPending(int index) => inSimulation[index] && states[index].Status == SimulatedStatus.Pending;

        foreach (var index in nodes)
        {
            var state = states[index];
            if (state.Status == SimulatedStatus.Running)
            {
                ends.Enqueue(index, Math.Max(0, state.Seconds - state.ElapsedSeconds));
                if (free.ContainsKey(graph[index].Capability))
                {
                    free[graph[index].Capability]--;
                }
            }
            else if (state.Status == SimulatedStatus.Pending)
            {
                var waiting = graph[index].DependencyIndexes.Count(dependency => inSimulation[dependency] && states[dependency].Status != SimulatedStatus.Done);
                waitingOn[index] = waiting;
                if (waiting == 0)
                {
                    MakeReady(index);
                }
            }
        }
        while (true)
        {
            var nextPermit = double.PositiveInfinity;
            foreach (var (capability, queue) in ready)
            {
                var hasLane = free.TryGetValue(capability, out var slots);
                var quota = permits.GetValueOrDefault(capability);
                while (queue.Count > 0 && (!hasLane || slots > 0))
                {
                    if (quota is not null && !quota.TryTake(now, answeredAt: now + states[queue.Peek()].Seconds))
                    {
                        nextPermit = Math.Min(nextPermit, quota.NextReturn);
                        break;
                    }
                    var index = queue.Dequeue();
                    slots--;
                    ends.Enqueue(index, now + (capability == Capability.None ? 0 : states[index].Seconds));
                }
                if (hasLane)
                {
                    free[capability] = slots;
                }
            }
            var nextEnd = ends.TryPeek(out _, out var at) ? at : double.PositiveInfinity;
            if (double.IsPositiveInfinity(nextEnd) && double.IsPositiveInfinity(nextPermit))
            {
                return last;
            }
            if (nextPermit < nextEnd)
            {
                now = nextPermit;
                continue;
            }
            var done = ends.Dequeue();
            now = last = nextEnd;
            if (free.ContainsKey(graph[done].Capability))
            {
                free[graph[done].Capability]++;
            }
            foreach (var dependent in graph[done].DependentIndexes)
            {
                if (IsPending(dependent) && --waitingOn[dependent] == 0)
                {
                    MakeReady(dependent);
                }
            }
        }
    }

    /// <summary>
    /// What a simulation works in, sized to its graph. The ETA of a 10,000-node run is simulated once a second: kept with
    /// the run, these arrays and queues are allocated once, instead of as large-object-heap garbage each time.
    /// Not for two simulations at once.
    /// </summary>
    public sealed class SimulationWorkspace(int nodeCount)
    {
        internal SimulatedNode[] States { get; } = new SimulatedNode[nodeCount];
        internal bool[] InSimulation { get; } = new bool[nodeCount];
        internal int[] WaitingOn { get; } = new int[nodeCount];
        internal Dictionary<Capability, PriorityQueue<int, (double, long)>> Ready { get; } = [];
        internal PriorityQueue<int, double> Ends { get; } = new();
    }

    /// <summary>A sliding log of request permits: each one taken comes back a window after its request's answer.</summary>
    private sealed class Permits
    {
        private readonly PriorityQueue<double, double> _returns = new();
        private int _available;

        public Permits(SimulatedLane lane)
        {
            _available = Math.Clamp(lane.RequestsAvailable, 0, lane.RequestsPerMinute);
            for (var spent = _available; spent < lane.RequestsPerMinute; spent++)
            {
                _returns.Enqueue(QuotaWindowSeconds, QuotaWindowSeconds);
            }
        }

        public double NextReturn => _returns.TryPeek(out _, out var at) ? at : double.PositiveInfinity;

        public bool TryTake(double now, double answeredAt)
        {
            while (_returns.TryPeek(out _, out var at) && at <= now)
            {
                _returns.Dequeue();
                _available++;
            }
            if (_available == 0)
            {
                return false;
            }
            _available--;
            _returns.Enqueue(answeredAt + QuotaWindowSeconds, answeredAt + QuotaWindowSeconds);
            return true;
        }
    }
}
