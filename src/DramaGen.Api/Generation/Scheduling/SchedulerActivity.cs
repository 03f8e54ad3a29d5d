namespace DramaGen.Generation.Scheduling;

/// <summary>
/// Counts nodes the engine is working on right now: from the moment a node is granted a provider slot (or,
/// for structural nodes, started) until its bookkeeping is done and its ready dependents have asked for
/// slots. Both ends are counted synchronously, so "every active node is inside a provider call" means the
/// engine is idle until a provider answers: the virtual-time test driver relies on that, and it is a
/// handy health figure.
/// </summary>
public sealed class SchedulerActivity
{
    private int _active;

    public int Active => Volatile.Read(ref _active);

    public void Enter() => Interlocked.Increment(ref _active);

    public void Exit() => Interlocked.Decrement(ref _active);

    /// <summary>
    /// Counts a scheduler handing out a batch of nodes as one more active piece of work, so the first node of the
    /// batch, already inside its provider call, does not make the engine look idle while the rest are being started.
    /// </summary>
    public Dispatching Dispatch()
    {
        Enter();
        return new Dispatching(this);
    }

    public readonly struct Dispatching(SchedulerActivity activity) : IDisposable
    {
        public void Dispose() => activity.Exit();
    }
}
