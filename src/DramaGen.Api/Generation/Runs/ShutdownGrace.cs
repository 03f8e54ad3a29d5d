using DramaGen.Configuration;
using Microsoft.Extensions.Options;

namespace DramaGen.Generation.Runs;

/// <summary>
/// Shutdown in two steps. At once no node starts any more (it stays pending, and so does a queued run); the nodes
/// already calling a provider get <c>SHUTDOWN_GRACE_SECONDS</c> to finish, since a call cut short is paid again after
/// the restart. After the grace they are cancelled too and stay resumable.
/// </summary>
public sealed class ShutdownGrace : IDisposable
{
    private readonly CancellationTokenSource _noNewNodes = new();
    private readonly CancellationTokenSource _inFlight;
    private readonly Lock _gate = new();
    private bool _begun;
    private bool _disposed;

    public ShutdownGrace(IOptions<GenerationOptions> options, TimeProvider clock)
    {
        Grace = TimeSpan.FromSeconds(options.Value.ShutdownGraceSeconds);
        // Created with the clock so the grace runs in virtual time under test.
        _inFlight = new CancellationTokenSource(Timeout.InfiniteTimeSpan, clock);
    }

    public TimeSpan Grace { get; }

    /// <summary>Set once shutdown has begun: nothing new may start.</summary>
    public bool IsStopping => _noNewNodes.IsCancellationRequested;

    /// <summary>What the runs and their in-flight nodes run under: cancelled when the grace is over.</summary>
    public CancellationToken InFlight => _inFlight.Token;

    /// <summary>Starts the shutdown (idempotent: a second call does not restart the grace; after <see cref="Dispose"/> a no-op).</summary>
    public void Begin()
    {
        lock (_gate)
        {
            // A host stopped again after its services were disposed (seen under load from WebApplicationFactory) has nothing left to stop.
            if (_begun || _disposed)
            {
                return;
            }
            _begun = true;
            _noNewNodes.Cancel();
            if (Grace <= TimeSpan.Zero)
            {
                _inFlight.Cancel();
            }
            else
            {
                _inFlight.CancelAfter(Grace);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _noNewNodes.Dispose();
            _inFlight.Dispose();
        }
    }
}
