namespace DramaGen.Jobs;

/// <summary>
/// The runs whose polls this instance may answer from memory: the engine follows a run while it executes every node of it
/// here, so every write of the run's jobs goes through this process. On PostgreSQL a poll of such a run then needs no
/// round trip (while the run keeps both cores and the server busy, a round trip alone took up to 75 ms at p95); under
/// JOB_STORE=file every poll is answered from memory anyway.
/// </summary>
public interface IRunMirrors
{
    /// <summary>Follows the run until the returned handle is disposed (when the run stops executing here).</summary>
    IDisposable Follow(string parentJobId);
}

/// <summary>Nothing to follow: the store answers every poll from memory (JOB_STORE=file), or some writes happen elsewhere.</summary>
internal sealed class NoRunMirrors : IRunMirrors
{
    public IDisposable Follow(string parentJobId) => Nothing.Instance;

    private sealed class Nothing : IDisposable
    {
        public static readonly Nothing Instance = new();

        public void Dispose()
        {
        }
    }
}
