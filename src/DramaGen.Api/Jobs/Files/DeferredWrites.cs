using System.Collections.Concurrent;

namespace DramaGen.Jobs.Files;

/// <summary>
/// The jobs whose record in memory is ahead of their file, each with the time it first got so: a deferred change
/// (<see cref="JobWrite.Deferred"/>), or a durable one JOBS_DIR could not take. Written by the next durable write of
/// the job or by a flush once old enough.
/// </summary>
internal sealed class DeferredWrites(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, long> _since = new(StringComparer.Ordinal);

    public bool IsEmpty => _since.IsEmpty;

    /// <summary>The job's file is behind; an earlier mark keeps its time.</summary>
    public void MarkBehind(string jobId) => _since.TryAdd(jobId, clock.GetTimestamp());

    /// <summary>A flush could not write it: behind again, as old as before.</summary>
    public void Restore(string jobId, long since) => _since.TryAdd(jobId, since);

    public void MarkWritten(string jobId) => _since.TryRemove(jobId, out _);

    /// <summary>The jobs behind for at least <paramref name="minimumAge"/>, with the time they got so.</summary>
    public IEnumerable<(string JobId, long Since)> Due(TimeSpan minimumAge)
    {
        foreach (var (jobId, since) in _since)
        {
            if (clock.GetElapsedTime(since) >= minimumAge)
            {
                yield return (jobId, since);
            }
        }
    }

    /// <summary>Takes the job off the list; false when another flush or write took it first.</summary>
    public bool TryTake(string jobId) => _since.TryRemove(jobId, out _);
}
