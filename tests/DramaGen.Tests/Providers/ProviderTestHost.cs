using System.Text.Json;
using DramaGen.Configuration;
using DramaGen.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using WireMock;
using WireMock.Server;

namespace DramaGen.Tests.Providers;

/// <summary>
/// A WireMock stub standing in for a provider, and the providers built by the production registration
/// (AddProviders) with configuration pointing at the stub. Retry delays and poll intervals are zero unless
/// a test sets them; the clock is a FakeTimeProvider that tests advance through <see cref="RunAsync{T}"/>.
/// </summary>
internal sealed class ProviderTestHost : IDisposable
{
    public const string Key = "test-key-5b1e7c";

    private ProviderTestHost(WireMockServer server, FakeTimeProvider time, ServiceProvider services)
    {
        Server = server;
        Time = time;
        Services = services;
    }

    public WireMockServer Server { get; }
    public FakeTimeProvider Time { get; }
    public ServiceProvider Services { get; }

    public static ProviderTestHost Start(params (string Name, string? Value)[] settings)
    {
        var server = WireMockServer.Start();
        var values = new Dictionary<string, string?>
        {
            ["OPENAI_API_KEY"] = Key,
            ["OPENAI_API_BASE"] = server.Url + "/v1",
            ["GEMINI_API_KEY"] = Key,
            ["GEMINI_API_BASE"] = server.Url,
            ["SORA_API_KEY"] = Key,
            ["SORA_API_BASE"] = server.Url,
            ["MAX_RETRIES"] = "2",
            ["RETRY_BASE_DELAY_MS"] = "0",
            ["VIDEO_POLL_INTERVAL_SECONDS"] = "0",
            ["GPT_MAX_OUTPUT_TOKENS"] = "1000",
        };
        foreach (var (name, value) in settings)
        {
            values[name] = value;
        }
        var time = new FakeTimeProvider();
        var services = BuildServices(values, time);
        return new ProviderTestHost(server, time, services);
    }

    public static ServiceProvider BuildServices(IDictionary<string, string?> values, TimeProvider time)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(time);
        services.AddValidatedOptions<ProvidersOptions>(configuration);
        services.AddValidatedOptions<LocalProviderOptions>(configuration);
        services.AddProviders();
        return services.BuildServiceProvider(validateScopes: true);
    }

    public ITextProvider Text => Services.GetRequiredService<ITextProvider>();
    public IImageProvider Images => Services.GetRequiredService<IImageProvider>();
    public IVideoProvider Videos => Services.GetRequiredService<IVideoProvider>();
    public ISpeechProvider Speech => Services.GetRequiredService<ISpeechProvider>();

    public IReadOnlyList<IRequestMessage> Requests => [.. Server.LogEntries.Select(entry => entry.RequestMessage).OrderBy(r => r.DateTime)];

    public IReadOnlyList<IRequestMessage> RequestsTo(string method, string path) =>
        [.. Requests.Where(request => request.Method == method && request.Path == path)];

    /// <summary>
    /// Runs <paramref name="action"/> while moving the fake clock forward in steps whenever the action is
    /// waiting, so retry delays and poll intervals pass without real sleeping. Returns the simulated time spent.
    /// </summary>
    public async Task<(T Result, TimeSpan Elapsed)> RunAsync<T>(Func<Task<T>> action, TimeSpan? step = null)
    {
        var started = Time.GetUtcNow();
        var task = action();
        while (!task.IsCompleted)
        {
            // A short real wait lets HTTP I/O with the stub finish; only simulated time is spent on delays.
            await Task.WhenAny(task, Task.Delay(5));
            if (!task.IsCompleted)
            {
                Time.Advance(step ?? TimeSpan.FromMilliseconds(250));
            }
        }
        return (await task, Time.GetUtcNow() - started);
    }

    public static string? Header(IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    public static JsonElement Json(IRequestMessage request) => JsonDocument.Parse(request.Body ?? "null").RootElement;

    public void Dispose()
    {
        Services.Dispose();
        Server.Stop();
        Server.Dispose();
    }
}
