namespace DramaGen.Pacing;

/// <summary>
/// The one limit on calls to a provider capability, shared by every run. When a slot frees it goes to the
/// next run in round-robin order (so a big run cannot starve a small one), and within that run to the
/// waiting caller with the highest priority (the longest remaining chain, which keeps the critical path moving).
/// <para>
/// The configured cap is a ceiling; the live limit moves within it (AIMD): a 429 halves it and pauses every
/// grant until Retry-After has passed, for all runs at once; as many successes in a row as the limit raise it
/// by one. Quotas (requests and tokens per minute) are checked at the grant, so a caller never submits beyond them.
/// </para>
/// <para>
/// Every attempt at a request takes a request permit (<see cref="TakeRequestPermitAsync"/>): the first one of a call
/// the permit granted with its slot, a retry (or a further request of the same call) a new one, waiting for it ahead of
/// every caller still waiting for a slot (it already holds one, so it must not queue behind callers that wait for it
/// to finish). A permit comes back one minute after its request was answered (<see cref="RequestQuota"/>).
/// </para>
/// </summary>
public sealed class CapacityPool : IDisposable
{
    /// <summary>The pause after a 429 that names no Retry-After.</summary>
    public static readonly TimeSpan DefaultBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan QuotaWindow = TimeSpan.FromMinutes(1);

    private readonly object _gate = new();
    private readonly Dictionary<object, OwnerQueue> _owners = new(ReferenceEqualityComparer.Instance);
    private readonly LinkedList<OwnerQueue> _rotation = new();
    private readonly LinkedList<AttemptWaiter> _attempts = new();
    // The slot the provider calls of this async flow run in (NodeRunner and the authoring worker set it).
    private static readonly AsyncLocal<Lease?> CurrentSlot = new();
    private readonly TimeProvider _clock;
    private readonly RequestQuota? _requests;
    private readonly RequestQuota? _tokens;
    private readonly ITimer _resume;
    private int _inUse;
    private int _limit;
    private int _successes;
    private long _throttles;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _resumeArmedFor = DateTimeOffset.MinValue;
    private long _sequence;
    // Tokens answers used beyond their estimate that the minute had no room for: taken before any further call.
    private int _tokenDebt;

    /// <param name="requestsPerMinute">The provider's request quota (e.g. IMAGE_RPM); 0 for none.</param>
    /// <param name="tokensPerMinute">The provider's token quota (TEXT_TPM); 0 for none.</param>
    public CapacityPool(string name, int capacity, TimeProvider? clock = null, int requestsPerMinute = 0, int tokensPerMinute = 0)
    {
        Name = name;
        Capacity = Math.Max(1, capacity);
        _limit = Capacity;
        _clock = clock ?? TimeProvider.System;
        _requests = requestsPerMinute > 0 ? new RequestQuota($"{name} requests", requestsPerMinute, QuotaWindow, _clock, Pump) : null;
        _tokens = tokensPerMinute > 0 ? new RequestQuota($"{name} tokens", tokensPerMinute, QuotaWindow, _clock, Pump) : null;
        _resume = _clock.CreateTimer(_ => Resume(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string Name { get; }

    /// <summary>The provider's request quota per minute (e.g. IMAGE_RPM); 0 for none.</summary>
    public int RequestsPerMinute => _requests?.PermitsPerWindow ?? 0;

    /// <summary>The configured cap: the live limit never goes above it.</summary>
    public int Capacity { get; }

    public int InUse
    {
        get { lock (_gate) { return _inUse; } }
    }

    /// <summary>The live limit, between 1 and <see cref="Capacity"/>.</summary>
    public int Limit
    {
        get { lock (_gate) { return _limit; } }
    }

    /// <summary>What GET / and the parent job show about this capability right now.</summary>
    public PoolState State
    {
        get
        {
            lock (_gate)
            {
                var now = _clock.GetUtcNow();
                return new PoolState(Capacity, _limit, _inUse, _owners.Values.Sum(queue => queue.Waiters.Count) + _attempts.Count, _throttles,
                    _pausedUntil > now ? _pausedUntil : null,
                    _requests is null ? null : new QuotaState(_requests.PermitsPerWindow, _requests.Available),
                    _tokens is null ? null : new QuotaState(_tokens.PermitsPerWindow, _tokens.Available));
            }
        }
    }

    /// <param name="owner">The run (or worker) asking; fairness is between owners.</param>
    /// <param name="priority">Higher goes first among the owner's waiters.</param>
    /// <param name="onGrant">Called under the pool's lock the moment the slot is granted, before the caller
    /// resumes (the scheduler counts its activity from there, so a virtual clock never sees a gap).</param>
    /// <param name="tokens">The call's estimated tokens, for a token quota.</param>
    public Task<IDisposable> AcquireAsync(object owner, double priority, CancellationToken cancellationToken, Action? onGrant = null, int tokens = 0)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var waiter = new Waiter(this, onGrant, tokens);
        lock (_gate)
        {
            if (_rotation.Count == 0 && TryGrantLocked(waiter))
            {
                return Task.FromResult<IDisposable>(new Lease(this, waiter));
            }
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
            ArmResumeLocked();
        }
        if (cancellationToken.CanBeCanceled)
        {
            // Unsafe: the callback needs no execution context, and a captured one per waiting node adds up (#15).
            waiter.Registration = cancellationToken.UnsafeRegister(static (state, token) =>
            {
                var waiter = (Waiter)state!;
                waiter.Pool.Cancel(waiter, token);
            }, waiter);
        }
        return waiter.Completion.Task;
    }

    /// <summary>
    /// How long a 429 pauses the capability: its Retry-After, or <see cref="DefaultBackoff"/> without one. "Retry-After: 0"
    /// (or a date already past) means now: the limit is halved but nothing pauses.
    /// </summary>
    public static TimeSpan PauseOf(TimeSpan? retryAfter) =>
        retryAfter is { } wait ? (wait > TimeSpan.Zero ? wait : TimeSpan.Zero) : DefaultBackoff;

    /// <summary>The provider answered 429 (or a quota error): halve the live limit and pause every grant.</summary>
    public void ReportThrottled(TimeSpan? retryAfter)
    {
        lock (_gate)
        {
            _throttles++;
            _successes = 0;
            var now = _clock.GetUtcNow();
            // A burst of 429s answers one overload: the limit is halved once per pause, not once per answer.
            if (now >= _pausedUntil)
            {
                _limit = Math.Max(1, _limit / 2);
            }
            var until = now + PauseOf(retryAfter);
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
                ArmResumeLocked();
            }
        }
    }

    /// <summary>
    /// Wakes the waiters when a pause ends. Armed only while someone waits (a caller arriving later checks the
    /// clock itself), so an idle pool holds no timer that a virtual clock would take for work waiting on it.
    /// </summary>
    private void ArmResumeLocked()
    {
        var now = _clock.GetUtcNow();
        if (_rotation.Count > 0 && _pausedUntil > now && _resumeArmedFor != _pausedUntil)
        {
            _resumeArmedFor = _pausedUntil;
            _resume.Change(_pausedUntil - now, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// The resume timer fired. A timer may fire a little before the wall clock reaches the pause's end (timers run on the
    /// tick count, the pause on UtcNow): then nothing is granted yet, so the timer is armed again for the rest, or the
    /// waiters would sleep until some other call happened to pump the pool (a whole run stuck after a 429).
    /// </summary>
    private void Resume()
    {
        lock (_gate)
        {
            _resumeArmedFor = DateTimeOffset.MinValue;
        }
        Pump();
        lock (_gate)
        {
            ArmResumeLocked();
        }
    }

    /// <summary>The provider accepted a call: after as many successes in a row as the live limit, raise it by one.</summary>
    public void ReportSuccess()
    {
        lock (_gate)
        {
            if (_limit >= Capacity || ++_successes < _limit)
            {
                return;
            }
            _limit++;
            _successes = 0;
        }
        Pump();
    }

    private bool TryGrantLocked(Waiter waiter)
    {
        if (_inUse >= _limit || _clock.GetUtcNow() < _pausedUntil)
        {
            return false;
        }
        if (_tokens is not null && waiter.Tokens > 0 && !PayTokenDebtLocked())
        {
            return false;
        }
        // Check both quotas before taking either, so a refused call does not spend a request permit. Retries waiting
        // for a request permit go first: they hold slots already.
        if (_requests is { Available: < 1 } || (_requests is not null && _attempts.Count > 0) || (_tokens is not null && waiter.Tokens > 0 && _tokens.Available < Math.Min(waiter.Tokens, _tokens.PermitsPerWindow)))
        {
            return false;
        }
        waiter.RequestPermit = _requests?.TryTakeUntilAnswered(1);
        if (waiter.Tokens > 0)
        {
            waiter.TokenLease = _tokens?.TryTakeHeld(waiter.Tokens, QuotaWindow);
        }
        _inUse++;
        waiter.Granted = true;
        waiter.OnGrant?.Invoke();
        return true;
    }

    /// <summary>
    /// The answer reported how many tokens the call really used (prompt and answer): the call's share of the token
    /// quota is corrected to it. Fewer frees the surplus now; more takes the difference from the minute, and what the
    /// minute has no room for is taken before the next call, so the quota holds to what the provider counts.
    /// </summary>
    /// <param name="lease">The slot the call was granted with its estimate.</param>
    public void ReportTokensUsed(IDisposable lease, int tokens)
    {
        if (_tokens is null || tokens <= 0 || lease is not Lease { Waiter.TokenLease: { } held })
        {
            return;
        }
        lock (_gate)
        {
            _tokenDebt += held.Resize(tokens);
        }
        Pump();
    }

    /// <summary>Takes what is owed from the token quota as far as it has room; true when nothing is owed any more.</summary>
    private bool PayTokenDebtLocked()
    {
        var payable = Math.Min(_tokenDebt, _tokens!.Available);
        if (payable > 0 && _tokens.TryTake(payable))
        {
            _tokenDebt -= payable;
        }
        return _tokenDebt == 0;
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
        Pump();
    }

    private void Release()
    {
        lock (_gate)
        {
            _inUse--;
        }
        Pump();
    }

    /// <summary>
    /// The provider calls that follow in this async flow (and only there) run in <paramref name="slot"/>, a lease of
    /// <see cref="AcquireAsync"/>: the first request they send uses the request permit granted with it.
    /// </summary>
    public static void RunCallsIn(IDisposable slot) => CurrentSlot.Value = slot as Lease;

    /// <summary>The calls that follow in this async flow run in no slot (undoes <see cref="RunCallsIn"/>).</summary>
    public static void LeaveSlot() => CurrentSlot.Value = null;

    /// <summary>
    /// A request permit for one attempt at a request to the provider, to be marked <see cref="RequestQuota.QuotaLease.Answered"/>
    /// when the attempt ends; null when the capability has no request quota. The first attempt in a slot
    /// (<see cref="RunCallsIn"/>) uses the permit granted with it; any other waits for one, ahead of callers waiting for a slot.
    /// </summary>
    public Task<RequestQuota.QuotaLease?> TakeRequestPermitAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_requests is null)
        {
            return Task.FromResult<RequestQuota.QuotaLease?>(null);
        }
        if (CurrentSlot.Value is { } slot && slot.Pool == this && slot.ClaimRequestPermit() is { } granted)
        {
            return Task.FromResult<RequestQuota.QuotaLease?>(granted);
        }
        var waiter = new AttemptWaiter();
        lock (_gate)
        {
            if (_attempts.Count == 0 && _requests.TryTakeUntilAnswered(1) is { } permit)
            {
                return Task.FromResult<RequestQuota.QuotaLease?>(permit);
            }
            waiter.Node = _attempts.AddLast(waiter);
        }
        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.Register(() =>
            {
                lock (_gate)
                {
                    if (waiter.Node?.List is null)
                    {
                        return; // granted meanwhile
                    }
                    _attempts.Remove(waiter.Node);
                }
                waiter.Completion.TrySetCanceled(cancellationToken);
                Pump();
            });
        }
        return waiter.Completion.Task;
    }

    /// <summary>Grants waiters, round-robin over owners, for as long as the limit, the pause and the quotas allow.</summary>
    private void Pump()
    {
        List<Waiter>? granted = null;
        List<(AttemptWaiter Waiter, RequestQuota.QuotaLease Permit)>? permitted = null;
        lock (_gate)
        {
            while (_attempts.First is { } attempt && _requests!.TryTakeUntilAnswered(1) is { } permit)
            {
                _attempts.RemoveFirst();
                (permitted ??= []).Add((attempt.Value, permit));
            }
            while (_rotation.First is { } first)
            {
                var queue = first.Value;
                while (queue.Waiters.TryPeek(out var skipped, out _) && skipped.Cancelled)
                {
                    queue.Waiters.Dequeue();
                }
                if (!queue.Waiters.TryPeek(out var next, out _))
                {
                    _rotation.RemoveFirst();
                    queue.Node = null;
                    _owners.Remove(queue.Owner);
                    continue;
                }
                if (!TryGrantLocked(next))
                {
                    break;
                }
                queue.Waiters.Dequeue();
                _rotation.RemoveFirst();
                queue.Node = null;
                if (queue.Waiters.Count > 0)
                {
                    queue.Node = _rotation.AddLast(queue);
                }
                else
                {
                    _owners.Remove(queue.Owner);
                }
                (granted ??= []).Add(next);
            }
        }
        foreach (var (waiter, permit) in permitted ?? [])
        {
            waiter.Registration.Dispose();
            waiter.Completion.TrySetResult(permit);
        }
        foreach (var waiter in granted ?? [])
        {
            waiter.Registration.Dispose();
            waiter.Completion.TrySetResult(new Lease(this, waiter));
        }
    }

    /// <summary>
    /// Gives a node's slot back before the node has finished (its provider answered; its media is being saved), while
    /// fewer than <see cref="Capacity"/> of the pool's nodes are in that state; otherwise the node keeps its slot until it
    /// finishes. Without that bound a provider that answers faster than storage takes the media (a zero-latency provider,
    /// a slow store) lets thousands of answered calls queue up for storage, each holding its media and state.
    /// </summary>
    /// <returns>What the node disposes once it has finished; null when the slot was kept.</returns>
    public IDisposable? ReleaseEarly(IDisposable lease)
    {
        if (Interlocked.Increment(ref _releasedEarly) > Capacity)
        {
            Interlocked.Decrement(ref _releasedEarly);
            return null;
        }
        lease.Dispose();
        return new EarlyRelease(this);
    }

    private int _releasedEarly;

    private sealed class EarlyRelease(CapacityPool pool) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref pool._releasedEarly);
            }
        }
    }

    public void Dispose()
    {
        _resume.Dispose();
        _requests?.Dispose();
        _tokens?.Dispose();
    }

    private sealed class OwnerQueue(object owner)
    {
        public object Owner { get; } = owner;
        public PriorityQueue<Waiter, (double, long)> Waiters { get; } = new();
        public LinkedListNode<OwnerQueue>? Node { get; set; }
    }

    private sealed class Waiter(CapacityPool pool, Action? onGrant, int tokens)
    {
        public CapacityPool Pool { get; } = pool;
        public Action? OnGrant { get; } = onGrant;
        public int Tokens { get; } = tokens;
        public TaskCompletionSource<IDisposable> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public CancellationTokenRegistration Registration { get; set; }
        public bool Granted { get; set; }
        public bool Cancelled { get; set; }
        public RequestQuota.QuotaLease? TokenLease { get; set; }
        public RequestQuota.QuotaLease? RequestPermit { get; set; }
    }

    /// <summary>An attempt at a request waiting for a request permit.</summary>
    private sealed class AttemptWaiter
    {
        public TaskCompletionSource<RequestQuota.QuotaLease?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public CancellationTokenRegistration Registration { get; set; }
        public LinkedListNode<AttemptWaiter>? Node { get; set; }
    }

    private sealed class Lease(CapacityPool pool, Waiter waiter) : IDisposable
    {
        public Waiter Waiter { get; } = waiter;
        public CapacityPool Pool { get; } = pool;

        private RequestQuota.QuotaLease? _unclaimedRequestPermit = waiter.RequestPermit;
        private int _released;

        /// <summary>The request permit granted with the slot, to the first attempt that asks; null after that.</summary>
        public RequestQuota.QuotaLease? ClaimRequestPermit() => Interlocked.Exchange(ref _unclaimedRequestPermit, null);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                // A call that sent no request through the HTTP pipeline (a local provider) was answered now.
                ClaimRequestPermit()?.Answered();
                Pool.Release();
            }
        }
    }
}

/// <summary>A capability's pacing: its cap, live limit, slots in use, callers waiting, 429s seen, pause and quotas.</summary>
public sealed record PoolState(int Cap, int LiveLimit, int InUse, int Waiting, long Throttled, DateTimeOffset? PausedUntil,
    QuotaState? RequestsPerMinute, QuotaState? TokensPerMinute);

/// <summary>A quota per minute and what is left of it in the last minute.</summary>
public sealed record QuotaState(int Limit, int Available);
