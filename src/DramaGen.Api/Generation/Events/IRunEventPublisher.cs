using System.Text.Json.Nodes;

namespace DramaGen.Generation.Events;

/// <summary>What the scheduler tells watchers of a run (the SSE stream of issue 5).</summary>
/// <param name="ParentJobId">The run's parent job.</param>
/// <param name="Kind">"node" (a node changed state), "progress" (the parent's counts) or "end" (the run finished).</param>
/// <param name="Data">node: node_id, job_id, status, url, error. progress/end: the parent's counts and status.</param>
public sealed record RunEvent(string ParentJobId, string DramaId, string Kind, JsonObject Data);

/// <summary>Receives every state change of every run. Must be cheap and never throw: it sits on the scheduler's hot path.</summary>
public interface IRunEventPublisher
{
    void Publish(RunEvent runEvent);

    /// <summary>
    /// Whether this publisher keeps the run's events here (a stream of it may be served from this instance): a progress
    /// event's counts cost a read of the job store, which the engine makes only then. When false, the engine tells
    /// <see cref="CountsChanged"/> instead, and whoever keeps the run reads the counts itself.
    /// </summary>
    bool KeepsEventsOf(string parentJobId) => true;

    /// <summary>The run's counts changed, for a run not kept here (<see cref="KeepsEventsOf"/> was false).</summary>
    void CountsChanged(string parentJobId)
    {
    }
}
