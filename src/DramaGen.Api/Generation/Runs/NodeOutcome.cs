namespace DramaGen.Generation.Runs;

/// <summary>Where a node of a run stands.</summary>
public enum NodeOutcome
{
    Pending,
    Running,
    Completed,
    /// <summary>Nothing to do: its output was already up to date when its turn came.</summary>
    UpToDate,
    Failed,
    Skipped,
    /// <summary>The run was stopped before the node finished; its job stays resumable.</summary>
    Cancelled,
}

public static class NodeOutcomes
{
    /// <summary>Dependents may start.</summary>
    public static bool Satisfies(this NodeOutcome outcome) => outcome is NodeOutcome.Completed or NodeOutcome.UpToDate;

    public static bool IsFinal(this NodeOutcome outcome) =>
        outcome is NodeOutcome.Completed or NodeOutcome.UpToDate or NodeOutcome.Failed or NodeOutcome.Skipped;
}
