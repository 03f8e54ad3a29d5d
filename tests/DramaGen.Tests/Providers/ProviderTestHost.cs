using System.Text.Json;
using DramaGen.Configuration;
using DramaGen.Providers;
using DramaGen.Tests.VirtualTime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using WireMock;
using WireMock.Server;

namespace DramaGen.Tests.Providers;

/// <summary>
/// A WireMock stub standing in for a provider, and the providers built by the production registration
/// (AddProviders) with configuration pointing at the stub. Retry delays and poll intervals are zero unless
/// a test sets them; the clock is virtual and moves only inside <see cref="RunAsync{T}"/>, only when the call
/// waits on a timer (see <see cref="ProviderCallWaits"/>), so the simulated time of a call is exact.
/// </summary>
internal sealed class ProviderTestHost : IDisposable
{
    public const string Key = "test-key-5b1e7c";

    private readonly WatchedTimeProvider _timers;
    private readonly HttpTraffic _traffic;

    private ProviderTestHost(WireMockServer server, WatchedTimeProvider timers, HttpTraffic traffic, ServiceProvider services)
    {
        Server = server;
        _timers = timers;
        _traffic = traffic;
        Services = services;
    }

    public WireMockServer Server { get; }
    public FakeTimeProvider Time => _timers.Clock;
    public ServiceProvider Services { get; }

    public static ProviderTestHost Start(params (string Name, string? Value)[] settings) => Start(silent: [], settings);

    /// <param name="services">Registrations made before the providers' (what AddProviders adds only if missing).</param>
    public static ProviderTestHost Start(Action<IServiceCollection> services, params (string Name, string? Value)[] settings) =>
        Start([], services, settings);

    /// <param name="silent">Endpoints that never answer in full (only a timeout ends a request to them).</param>
    public static ProviderTestHost Start(SilentServer[] silent, params (string Name, string? Value)[] settings) => Start(silent, null, settings);

    private static ProviderTestHost Start(SilentServer[] silent, Action<IServiceCollection>? configure, (string Name, string? Value)[] settings)
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
        var timers = new WatchedTimeProvider(new FakeTimeProvider());
        var traffic = new HttpTraffic();
        foreach (var endpoint in silent)
        {
            traffic.RegisterSilent(endpoint);
        }
        var services = BuildServices(values, timers, traffic, configure);
        return new ProviderTestHost(server, timers, traffic, services);
    }

    public static ServiceProvider BuildServices(IDictionary<string, string?> values, TimeProvider time, HttpTraffic? traffic = null,
        Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(time);
        services.AddValidatedOptions<ProvidersOptions>(configuration);
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ProvidersOptions>, ProvidersOptionsValidator>();
        services.AddValidatedOptions<LocalProviderOptions>(configuration);
        configure?.Invoke(services);
        services.AddProviders();
        if (traffic is not null)
        {
            // Registered after the providers' own handlers, so it sits innermost: one count per attempt.
            services.ConfigureAll<HttpClientFactoryOptions>(options =>
                options.HttpMessageHandlerBuilderActions.Add(builder => builder.AdditionalHandlers.Add(traffic.CreateHandler())));
        }
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
    /// Runs <paramref name="action"/> in virtual time: whenever it waits on a timer (and on nothing else) the
    /// clock jumps to the earliest due time. Returns the result and the simulated time spent, which is exact.
    /// </summary>
    public async Task<(T Result, TimeSpan Elapsed)> RunAsync<T>(Func<Task<T>> action)
    {
        var started = Time.GetUtcNow();
        var task = action();
        await new VirtualTimeDriver(Time, new ProviderCallWaits(_timers, _traffic)).RunUntilAsync(task);
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
