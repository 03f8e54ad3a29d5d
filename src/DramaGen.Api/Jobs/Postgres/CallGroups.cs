namespace DramaGen.Jobs.Postgres;

/// <summary>
/// Calls served in groups: the calls that arrive while earlier ones are being served go out together in the next group,
/// one round trip for all of them. Nothing waits for a group to fill: a few groups are served at once (two unless told),
/// and a call that finds a free slot goes out alone, so a lone call takes one round trip as before and a burst shares them. Each call gets its own result or its own failure; a group that fails as a whole fails each of its calls.
/// </summary>
/// <param name="serve">Serves one group: for each request, in order, its result or why it failed.</param>
/// <param name="maxGroupsInFlight">Groups served at once; more calls wait for one of them to end and go out together. With
/// one, groups end in the order they started, so a later call never gets an older answer than an earlier one.</param>
internal sealed class CallGroups<TRequest, TResult>(Func<IReadOnlyList<TRequest>, Task<CallOutcome<TResult>[]>> serve, int maxGroupsInFlight = 2)
{

    /// <summary>Calls in one group at most (the statements' arrays stay small).</summary>
    internal const int MaxGroupSize = 128;

    private readonly Lock _lock = new();
    private readonly Queue<Call> _waiting = new();
    private int _inFlight;

    private sealed record Call(TRequest Request, TaskCompletionSource<TResult> Done, CancellationToken Cancellation);

    /// <param name="cancellationToken">Cancels the call while it waits for its group; once sent, it is served.</param>
    public Task<TResult> CallAsync(TRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var call = new Call(request, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
        bool start;
        lock (_lock)
        {
            _waiting.Enqueue(call);
            start = _inFlight < maxGroupsInFlight;
            if (start)
            {
                _inFlight++;
            }
        }
        if (start)
        {
            _ = Task.Run(ServeWhileWaitingAsync);
        }
        return call.Done.Task;
    }

    private async Task ServeWhileWaitingAsync()
    {
        while (true)
        {
            var group = new List<Call>();
            lock (_lock)
            {
                while (group.Count < MaxGroupSize && _waiting.TryDequeue(out var call))
                {
                    if (call.Cancellation.IsCancellationRequested)
                    {
                        call.Done.TrySetCanceled(call.Cancellation);
                    }
                    else
                    {
                        group.Add(call);
                    }
                }
                if (group.Count == 0)
                {
                    _inFlight--;
                    return;
                }
            }
            try
            {
                var outcomes = await serve([.. group.Select(call => call.Request)]);
                for (var i = 0; i < group.Count; i++)
                {
                    if (outcomes[i].Failure is { } failure)
                    {
                        group[i].Done.TrySetException(failure);
                    }
                    else
                    {
                        group[i].Done.TrySetResult(outcomes[i].Result!);
                    }
                }
            }
            catch (Exception e)
            {
                foreach (var call in group)
                {
                    call.Done.TrySetException(e);
                }
            }
        }
    }
}

/// <summary>One call's share of a group: its result, or why it failed.</summary>
internal readonly record struct CallOutcome<TResult>(TResult? Result, Exception? Failure)
{
    public static CallOutcome<TResult> Of(TResult result) => new(result, null);

    public static CallOutcome<TResult> Failed(Exception failure) => new(default, failure);
}
