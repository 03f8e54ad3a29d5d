using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace DramaGen.Tests.Viewer;

/// <summary>
/// The service on a real loopback port (Kestrel, not TestServer), so a browser can load the viewer,
/// its media and its event stream; temp storage and jobs and the local providers, as in every test host.
/// </summary>
public sealed class ViewerServer : IAsyncDisposable
{
    private readonly DramaGenApplication _app;

    public ViewerServer(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _app = new DramaGenApplication(settings, services);
        _app.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        _app.StartServer();
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.Single(address => address.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)).TrimEnd('/');
    }

    /// <summary>http://127.0.0.1:{port}</summary>
    public string BaseUrl { get; }

    public string ViewerUrl => BaseUrl + "/viewer/";

    public string StorageDir => _app.StorageDir;

    /// <summary>A client for arranging things through the API (it talks to the Kestrel port too).</summary>
    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        return client;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
