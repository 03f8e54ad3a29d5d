using System.Collections.Concurrent;

namespace DramaGen.Tests.Providers;

/// <summary>
/// Counts the provider requests in flight, each from its send until its body is read. Installed innermost in
/// every provider HttpClient (inside the retry pipeline), so a retry backoff is not counted as traffic.
/// A request that a registered <see cref="SilentServer"/> has received and sits on never gets a full answer:
/// only a timeout ends it, so it counts as waiting on the clock rather than as traffic.
/// </summary>
internal sealed class HttpTraffic
{
    private readonly ConcurrentDictionary<HttpRequestMessage, (string Id, CancellationToken Token)> _inFlight = new();
    private readonly ConcurrentDictionary<string, SilentServer> _silent = new();
    private long _version;

    /// <summary>Moves whenever a request starts or ends, so a waiting decision can check nothing moved meanwhile.</summary>
    public long Version => Interlocked.Read(ref _version);

    public void RegisterSilent(SilentServer server) => _silent[new Uri(server.Url).Authority] = server;

    /// <summary>Requests in flight that a server is answering (or that have not reached a silent server yet).</summary>
    public int Answering => _inFlight.Count(request => !IsHeld(request.Key, request.Value));

    /// <summary>Requests in flight that a silent server holds: only a timeout will end them.</summary>
    public int Unanswered => _inFlight.Count(request => IsHeld(request.Key, request.Value));

    /// <summary>Held, and its timeout has not fired yet (a cancelled request is still unwinding: that is work).</summary>
    private bool IsHeld(HttpRequestMessage request, (string Id, CancellationToken Token) attempt) =>
        !attempt.Token.IsCancellationRequested && request.RequestUri is { } uri
        && _silent.TryGetValue(uri.Authority, out var server) && server.IsHolding(attempt.Id);

    public DelegatingHandler CreateHandler() => new CountingHandler(this);

    private sealed class CountingHandler(HttpTraffic traffic) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // Each attempt gets its own id, so a silent server can say which ones it holds.
            var id = Guid.NewGuid().ToString("N");
            if (request.RequestUri is { } uri && traffic._silent.ContainsKey(uri.Authority))
            {
                request.Headers.Remove(SilentServer.RequestIdHeader);
                request.Headers.TryAddWithoutValidation(SilentServer.RequestIdHeader, id);
            }
            traffic._inFlight[request] = (id, cancellationToken);
            Interlocked.Increment(ref traffic._version);
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                // The body belongs to the exchange: reading it is still I/O, not a wait on the clock.
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                return response;
            }
            finally
            {
                traffic._inFlight.TryRemove(request, out _);
                Interlocked.Increment(ref traffic._version);
            }
        }
    }
}
