using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace DramaGen.Generation.Events;

/// <summary>
/// Writes one run's log as text/event-stream: everything after the client's cursor, then each new event
/// as it is appended, until the end event. A quiet stream gets a comment line every heartbeat, and each
/// heartbeat also looks at the job files, so a run that ended without telling still ends the stream. A client resuming
/// from another instance's event id (<paramref name="latestFirst"/>) gets the run's latest state first, each node once.
/// </summary>
internal sealed class RunEventStream(RunEventHub hub, RunLog log, long afterSequence, bool latestFirst, TimeSpan heartbeat, TimeProvider clock,
    CancellationToken stopping) : IResult
{
    public async Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // tells nginx-style proxies not to hold the stream back
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        var token = cancel.Token;
        var current = log;
        var cursor = afterSequence;
        try
        {
            await WriteAsync(response, "retry: 2000\n\n", token);
            if (latestFirst)
            {
                var (latest, last) = current.ReadLatest();
                cursor = last;
                if (await WriteEventsAsync(response, latest, token) is not null)
                {
                    return;
                }
            }
            while (true)
            {
                var (events, _, changed) = current.ReadAfter(cursor);
                if (events.Count > 0)
                {
                    cursor = events[^1].Sequence;
                    if (await WriteEventsAsync(response, events, token) is not null)
                    {
                        return;
                    }
                    continue;
                }
                try
                {
                    await changed.WaitAsync(heartbeat, clock, token);
                }
                catch (TimeoutException)
                {
                    await WriteAsync(response, ": heartbeat\n\n", token);
                    hub.EndFromJobFilesIfFinished(current);
                    // The log may have been dropped from memory meanwhile; its replacement has only newer sequences.
                    if (hub.Open(current.ParentJobId) is not { } reopened)
                    {
                        return; // the job is gone (its drama was deleted)
                    }
                    current = reopened;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The client left or the service is stopping.
        }
    }

    /// <returns>The end event when the events hold one (nothing after it is written), else null.</returns>
    private async Task<StoredRunEvent?> WriteEventsAsync(HttpResponse response, IReadOnlyList<StoredRunEvent> events, CancellationToken token)
    {
        var text = new ArrayBufferWriter<byte>();
        StoredRunEvent? end = null;
        foreach (var stored in events)
        {
            Encoding.UTF8.GetBytes($"id: {hub.EventId(stored.Sequence)}\nevent: {stored.Kind}\ndata: ", text);
            text.Write(stored.Utf8Json);
            text.Write("\n\n"u8);
            if (stored.Kind == RunEvents.EndKind)
            {
                end = stored;
                break;
            }
        }
        await response.Body.WriteAsync(text.WrittenMemory, token);
        await response.Body.FlushAsync(token);
        return end;
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.WriteAsync(text, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
