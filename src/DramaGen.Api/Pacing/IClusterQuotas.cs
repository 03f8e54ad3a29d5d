namespace DramaGen.Pacing;

/// <summary>
/// The part of a capability's pacing that several instances on one PostgreSQL share: its request quota (IMAGE_RPM and the
/// like), taken by every attempt at a submission wherever it runs, and the pause a 429 asks for, which every instance
/// keeps. A single instance has nothing to share: its <see cref="CapacityPool"/> is the whole of it.
/// </summary>
public interface IClusterQuotas
{
    /// <summary>
    /// A permit of the capability's request quota across all instances, waiting for one (and for a pause to end) if need
    /// be; null when the capability has no request quota or the quota is per process.
    /// </summary>
    Task<IClusterPermit?> TakeAsync(CapacityPool pool, CancellationToken cancellationToken);

    /// <summary>The provider answered 429 here: every instance pauses the capability until <paramref name="retryAfter"/> has passed.</summary>
    Task ReportThrottledAsync(CapacityPool pool, TimeSpan? retryAfter, CancellationToken cancellationToken);
}

/// <summary>A permit taken from a shared quota: it comes back one window after its request was answered.</summary>
public interface IClusterPermit
{
    /// <summary>The attempt ended now (answered, failed or cancelled). Never throws: a permit not marked comes back later by itself.</summary>
    Task AnsweredAsync();
}

/// <summary>One instance: the capability pools hold every limit in memory.</summary>
public sealed class ProcessQuotas : IClusterQuotas
{
    public static readonly ProcessQuotas Instance = new();

    public Task<IClusterPermit?> TakeAsync(CapacityPool pool, CancellationToken cancellationToken) => Task.FromResult<IClusterPermit?>(null);

    public Task ReportThrottledAsync(CapacityPool pool, TimeSpan? retryAfter, CancellationToken cancellationToken) => Task.CompletedTask;
}
