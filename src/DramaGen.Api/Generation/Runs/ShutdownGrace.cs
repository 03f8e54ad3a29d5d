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
    private int _begun;

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

    /// <summary>Starts the shutdown (idempotent: a second call does not restart the grace).</summary>
    public void Begin()
    {
        if (Interlocked.Exchange(ref _begun, 1) == 1)
        {
            return;
        }
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

    public void Dispose()
    {
        _noNewNodes.Dispose();
        _inFlight.Dispose();
    }
}
