namespace DramaGen.Pacing;

/// <summary>
/// A concurrency cap for one provider capability, shared by every run. When a slot frees it goes to the
/// next run in round-robin order (so a big run cannot starve a small one), and within that run to the
/// waiting node with the highest priority (the longest remaining chain, which keeps the critical path moving).
/// This is the one concurrency limit of a capability: provider clients are not wrapped in another one.
/// </summary>
public sealed class CapacityPool(string name, int capacity)
{
    private readonly object _gate = new();
    private readonly Dictionary<object, OwnerQueue> _owners = new(ReferenceEqualityComparer.Instance);
    private readonly LinkedList<OwnerQueue> _rotation = new();
    private int _inUse;
    private long _sequence;

    public string Name { get; } = name;
    public int Capacity { get; } = Math.Max(1, capacity);

    public int InUse
    {
        get { lock (_gate) { return _inUse; } }
    }

    /// <param name="owner">The run asking; fairness is between owners.</param>
    /// <param name="priority">Higher goes first among the owner's waiters.</param>
    /// <param name="onGrant">Called under the pool's lock the moment the slot is granted, before the caller
    /// resumes (the scheduler counts its activity from there, so a virtual clock never sees a gap).</param>
    public Task<IDisposable> AcquireAsync(object owner, double priority, CancellationToken cancellationToken, Action? onGrant = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_gate)
        {
            if (_inUse < Capacity && _rotation.Count == 0)
            {
                _inUse++;
                onGrant?.Invoke();
                return Task.FromResult<IDisposable>(new Lease(this));
            }
            waiter = new Waiter(onGrant);
            if (!_owners.TryGetValue(owner, out var queue))
            {
                queue = new OwnerQueue(owner);
                _owners[owner] = queue;
            }
            queue.Waiters.Enqueue(waiter, (-priority, _sequence++));
            if (queue.Node is null)
            {
                queue.Node = _rotation.AddLast(queue);
            }
        }
        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.Register(() => Cancel(waiter, cancellationToken));
        }
        return waiter.Completion.Task;
    }

    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (waiter.Granted)
            {
                return;
            }
            // Left in its queue and skipped when reached: removal from a heap is not worth it.
            waiter.Cancelled = true;
        }
        waiter.Completion.TrySetCanceled(cancellationToken);
    }

    private void Release()
    {
        Waiter? next = null;
        lock (_gate)
        {
            while (next is null && _rotation.First is { } first)
            {
                var queue = first.Value;
                _rotation.RemoveFirst();
                queue.Node = null;
                while (queue.Waiters.TryDequeue(out var candidate, out _))
                {
                    if (!candidate.Cancelled)
                    {
                        next = candidate;
                        break;
                    }
                }
                if (queue.Waiters.Count > 0)
                {
                    queue.Node = _rotation.AddLast(queue);
                }
                else
                {
                    _owners.Remove(queue.Owner);
                }
            }
            if (next is null)
            {
                _inUse--;
            }
            else
            {
                next.Granted = true;
                next.OnGrant?.Invoke();
            }
        }
        if (next is not null)
        {
            next.Registration.Dispose();
            next.Completion.TrySetResult(new Lease(this));
        }
    }

    private sealed class OwnerQueue(object owner)
    {
        public object Owner { get; } = owner;
        public PriorityQueue<Waiter, (double, long)> Waiters { get; } = new();
        public LinkedListNode<OwnerQueue>? Node { get; set; }
    }

    private sealed class Waiter(Action? onGrant)
    {
        public Action? OnGrant { get; } = onGrant;
        public TaskCompletionSource<IDisposable> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public CancellationTokenRegistration Registration { get; set; }
        public bool Granted { get; set; }
        public bool Cancelled { get; set; }
    }

    private sealed class Lease(CapacityPool pool) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                pool.Release();
            }
        }
    }
}
