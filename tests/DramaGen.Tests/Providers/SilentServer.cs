using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DramaGen.Tests.Providers;

/// <summary>
/// An HTTP endpoint that reads each request and never finishes answering, so the client's attempt timeout
/// fires: it sends nothing, or only <paramref name="partialAnswer"/> (e.g. headers and the start of a body).
/// WireMock cannot count such requests reliably (it logs an entry only once it has answered).
/// </summary>
internal sealed class SilentServer(string? partialAnswer = null) : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private readonly List<string> _requestLines = [];
    private readonly HashSet<string> _held = [];

    /// <summary>The header by which <see cref="HttpTraffic"/> recognises its requests here.</summary>
    public const string RequestIdHeader = "X-Test-Request-Id";

    /// <summary>Starts listening; call once.</summary>
    public SilentServer Start()
    {
        _listener.Start();
        _ = AcceptAsync();
        return this;
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>True once the request has arrived and the server sits on it (after its partial answer, if any).</summary>
    public bool IsHolding(string requestId)
    {
        lock (_held) { return _held.Contains(requestId); }
    }

    /// <summary>
    /// The first line of each request received. Complete once a virtual-time run returns: the clock only lets a
    /// timeout fire after the server holds the request.
    /// </summary>
    public IReadOnlyList<string> RequestLines
    {
        get { lock (_requestLines) { return [.. _requestLines]; } }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var connection = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_connections)
                {
                    _connections.Add(connection);
                }
                _ = ReadRequestsAsync(connection);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ReadRequestsAsync(TcpClient connection)
    {
        var buffer = new byte[8192];
        var received = new StringBuilder();
        try
        {
            var stream = connection.GetStream();
            while (!received.ToString().Contains("\r\n\r\n"))
            {
                var read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            lock (_requestLines)
            {
                _requestLines.Add(received.ToString().Split("\r\n")[0]);
            }
            if (partialAnswer is not null)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(partialAnswer), _stop.Token);
            }
            var idLine = received.ToString().Split("\r\n").FirstOrDefault(line => line.StartsWith(RequestIdHeader + ":", StringComparison.OrdinalIgnoreCase));
            if (idLine is not null)
            {
                lock (_held)
                {
                    _held.Add(idLine[(RequestIdHeader.Length + 1)..].Trim());
                }
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_connections)
        {
            _connections.ForEach(connection => connection.Dispose());
        }
        _stop.Dispose();
    }
}
