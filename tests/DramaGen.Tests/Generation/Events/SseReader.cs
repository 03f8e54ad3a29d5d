using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace DramaGen.Tests.Generation.Events;

/// <summary>One dispatched server-sent event, or a comment line (heartbeat) when <see cref="Comment"/> is set.</summary>
public sealed record SseMessage(string? Id, string? Event, string Data, string? Comment = null)
{
    public JsonObject Json => JsonNode.Parse(Data)!.AsObject();

    public long Sequence => Id is null ? throw new InvalidOperationException("The event has no id.") : long.Parse(Id[(Id.LastIndexOf('-') + 1)..]);
}

/// <summary>
/// A text/event-stream parser for tests, following the WHATWG rules (field lines, blank line dispatches,
/// ':' starts a comment). It reads in the background so a test can wait with a timeout without tearing a read.
/// </summary>
public sealed class SseReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly Channel<SseMessage> _messages = Channel.CreateUnbounded<SseMessage>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    public SseReader(HttpResponseMessage response)
    {
        _response = response;
        _reading = Task.Run(ReadAsync);
    }

    public static async Task<SseReader> OpenAsync(HttpClient client, string url, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseReader(response);
    }

    /// <summary>The next event or comment; throws TimeoutException when none comes in time, null when the stream ended.</summary>
    public async Task<SseMessage?> NextAsync(TimeSpan? timeout = null)
    {
        using var wait = new CancellationTokenSource(timeout ?? Patience.Budget);
        try
        {
            return await _messages.Reader.WaitToReadAsync(wait.Token) && _messages.Reader.TryRead(out var message) ? message : null;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("No server-sent event arrived in time.");
        }
    }

    /// <summary>Events (not comments) until the stream closes.</summary>
    public async Task<List<SseMessage>> ReadToEndAsync(TimeSpan? timeout = null)
    {
        var events = new List<SseMessage>();
        while (await NextAsync(timeout) is { } message)
        {
            if (message.Comment is null) events.Add(message);
        }
        return events;
    }

    /// <summary>The next message that is an event, skipping comments.</summary>
    public async Task<SseMessage> NextEventAsync(TimeSpan? timeout = null)
    {
        while (true)
        {
            var message = await NextAsync(timeout) ?? throw new InvalidOperationException("The stream ended.");
            if (message.Comment is null) return message;
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(await _response.Content.ReadAsStreamAsync(_stop.Token));
            string? id = null, name = null;
            var data = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Count > 0) await _messages.Writer.WriteAsync(new SseMessage(id, name, string.Join('\n', data)));
                    name = null;
                    data.Clear();
                    continue;
                }
                if (line[0] == ':')
                {
                    await _messages.Writer.WriteAsync(new SseMessage(null, null, "", line[1..].Trim()));
                    continue;
                }
                var colon = line.IndexOf(':');
                var field = colon < 0 ? line : line[..colon];
                var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
                switch (field)
                {
                    case "id": id = value; break;
                    case "event": name = value; break;
                    case "data": data.Add(value); break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _reading;
        _stop.Dispose();
    }
}
