using DramaGen.Configuration;
using DramaGen.Providers;
using DramaGen.Providers.Gemini;
using DramaGen.Providers.Local;
using DramaGen.Providers.OpenAI;
using DramaGen.Providers.Sora;
using DramaGen.Providers.Veo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DramaGen.Tests.Providers;

public sealed class ProvidersRegistrationTests
{
    private static ServiceProvider Build(params (string Name, string? Value)[] settings) =>
        ProviderTestHost.BuildServices(settings.ToDictionary(s => s.Name, s => s.Value), TimeProvider.System);

    [Fact]
    public void Keys_select_the_real_clients_each_behind_its_concurrency_gate()
    {
        using var services = Build(("OPENAI_API_KEY", "k"), ("GEMINI_API_KEY", "k"), ("SORA_API_KEY", "k"), ("SORA_API_BASE", "https://gateway.example"));

        Assert.IsType<OpenAITextProvider>(services.GetRequiredService<ITextProvider>());
        Assert.IsType<GeminiImageProvider>(services.GetRequiredService<IImageProvider>());
        // With both video keys, auto keeps Sora, as the Python service did: an upgrade must not move paid video elsewhere.
        Assert.IsType<SoraVideoProvider>(services.GetRequiredService<IVideoProvider>());
    }

    [Theory]
    [InlineData(null, "k", "k", typeof(OpenAISpeechProvider))]
    [InlineData(null, null, "k", typeof(GeminiSpeechProvider))]
    [InlineData(null, null, null, typeof(LocalSpeechProvider))]
    [InlineData("gemini", "k", "k", typeof(GeminiSpeechProvider))]
    [InlineData("local", "k", "k", typeof(LocalSpeechProvider))]
    public void SPEECH_PROVIDER_auto_prefers_OpenAI_then_Gemini_then_local_and_a_choice_wins(string? choice, string? openAiKey, string? geminiKey, Type expected)
    {
        using var services = Build(("SPEECH_PROVIDER", choice ?? "auto"), ("OPENAI_API_KEY", openAiKey), ("GEMINI_API_KEY", geminiKey));

        Assert.IsType(expected, services.GetRequiredService<ISpeechProvider>());
    }

    [Fact]
    public void VIDEO_PROVIDER_sora_selects_the_Sora_client()
    {
        using var services = Build(("SORA_API_KEY", "k"), ("GEMINI_API_KEY", "k"), ("VIDEO_PROVIDER", "sora"), ("SORA_API_BASE", "https://gateway.example"));

        var video = services.GetRequiredService<IVideoProvider>();

        Assert.IsType<SoraVideoProvider>(video);
        Assert.Equal("sora", video.Name);
    }

    [Fact]
    public void No_keys_select_the_local_providers()
    {
        using var services = Build();

        Assert.IsType<LocalTextProvider>(services.GetRequiredService<ITextProvider>());
        Assert.IsType<LocalImageProvider>(services.GetRequiredService<IImageProvider>());
        Assert.IsType<LocalVideoProvider>(services.GetRequiredService<IVideoProvider>());
    }

    [Fact]
    public void Unknown_VIDEO_PROVIDER_fails_options_validation_naming_the_variable()
    {
        using var services = Build(("VIDEO_PROVIDER", "foo"));

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ProvidersOptions>>().Value);

        Assert.Contains("VIDEO_PROVIDER", failure.Message);
        Assert.Contains("sora, veo or local", failure.Message);
    }

    [Fact]
    public void Sora_without_SORA_API_BASE_fails_options_validation_naming_the_variable()
    {
        using var services = Build(("SORA_API_KEY", "k"), ("VIDEO_PROVIDER", "sora"));

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ProvidersOptions>>().Value);

        Assert.Contains("SORA_API_BASE is required", failure.Message);
    }

    [Fact]
    public async Task Unknown_VIDEO_PROVIDER_stops_start_up()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection([new("VIDEO_PROVIDER", "foo")]);
        builder.Services.AddValidatedOptions<ProvidersOptions>(builder.Configuration);
        builder.Services.AddProviders();
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("VIDEO_PROVIDER", failure.Message);
    }
}
