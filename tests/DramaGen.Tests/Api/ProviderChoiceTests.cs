using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DramaGen.Api;
using DramaGen.Configuration;
using DramaGen.Providers;
using DramaGen.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DramaGen.Tests.Api;

/// <summary>Which provider each capability uses, why, and what stops the service before it pays for nothing.</summary>
public sealed class ProviderChoiceTests
{
    [Fact]
    public void Sora_without_SORA_API_BASE_stops_startup_naming_the_variable_and_the_shutdown()
    {
        using var app = new DramaGenApplication(new Dictionary<string, string?> { ["VIDEO_PROVIDER"] = "sora", ["SORA_API_KEY"] = "k" });
        var error = Assert.ThrowsAny<Exception>(app.StartDirectly).ToString();
        Assert.Contains("SORA_API_BASE is required", error);
        Assert.Contains("2026-09-24", error);
    }

    [Fact]
    public void Auto_choosing_sora_without_SORA_API_BASE_also_stops_startup()
    {
        using var app = new DramaGenApplication(new Dictionary<string, string?> { ["VIDEO_PROVIDER"] = "auto", ["SORA_API_KEY"] = "k" });
        Assert.Contains("SORA_API_BASE", Assert.ThrowsAny<Exception>(app.StartDirectly).ToString());
    }

    [Fact]
    public void Auto_with_both_video_keys_keeps_sora_as_the_python_service_did()
    {
        var options = new ProvidersOptions { GeminiApiKey = "g", SoraApiKey = "s" };
        Assert.Equal("sora", options.ResolvedVideoProvider);
        Assert.Contains("GEMINI_API_KEY is set too", options.VideoChoice.Reason);
    }

    [Fact]
    public async Task Root_names_each_capabilitys_provider_the_reason_and_the_allowed_origins()
    {
        await using var app = new DramaGenApplication(new Dictionary<string, string?>
        {
            ["VIDEO_PROVIDER"] = "auto", ["SORA_API_KEY"] = "s", ["GEMINI_API_KEY"] = "g", ["SORA_API_BASE"] = "http://127.0.0.1:9",
            ["CORS_ORIGINS"] = "https://app.example.com",
        });
        var info = (await app.CreateClient().GetFromJsonAsync<JsonObject>("/"))!;

        var video = info["providers"]!["video"]!;
        Assert.Equal("sora", video["provider"]!.GetValue<string>());
        Assert.Contains("SORA_API_KEY", video["reason"]!.GetValue<string>());
        Assert.Equal("TEXT_PROVIDER=local", info["providers"]!["text"]!["reason"]!.GetValue<string>());
        Assert.Equal(["https://app.example.com"], info["cors"]!["allowedOrigins"]!.AsArray().Select(origin => origin!.GetValue<string>()));
    }

    [Fact]
    public async Task Root_says_a_frontend_on_another_origin_needs_CORS_ORIGINS_when_it_is_empty()
    {
        await using var app = new DramaGenApplication();
        var info = (await app.CreateClient().GetFromJsonAsync<JsonObject>("/"))!;
        Assert.Empty(info["cors"]!["allowedOrigins"]!.AsArray());
        Assert.Contains("CORS_ORIGINS", info["cors"]!["note"]!.GetValue<string>());
    }

    [Fact]
    public async Task Startup_log_names_each_capabilitys_provider_and_why()
    {
        await using var app = new DramaGenApplication(new Dictionary<string, string?> { ["IMAGE_PROVIDER"] = "auto" });
        app.CreateClient();
        var services = app.Services;
        var logger = new ListLogger();
        var report = new StartupReport(services.GetRequiredService<IObjectStore>(), services.GetRequiredService<ITextProvider>(),
            services.GetRequiredService<IImageProvider>(), services.GetRequiredService<IVideoProvider>(), services.GetRequiredService<ISpeechProvider>(),
            services.GetRequiredService<IOptions<ServiceOptions>>(), services.GetRequiredService<IOptions<ProvidersOptions>>(), logger);

        await report.StartAsync(CancellationToken.None);

        Assert.Contains(logger.Lines, line => line.StartsWith("Provider for image: local (") && line.EndsWith(") because auto: GEMINI_API_KEY is not set"));
        Assert.Contains(logger.Lines, line => line.StartsWith("Provider for video: local (") && line.EndsWith(") because VIDEO_PROVIDER=local"));
        Assert.Contains(logger.Lines, line => line.StartsWith("Provider for speech: local (") && line.EndsWith(") because auto: neither OPENAI_API_KEY nor GEMINI_API_KEY is set"));
    }

    private sealed class ListLogger : ILogger<StartupReport>
    {
        public List<string> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
