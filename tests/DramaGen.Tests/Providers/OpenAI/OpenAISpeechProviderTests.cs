using DramaGen.Providers;
using DramaGen.Tests.Providers.Local;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace DramaGen.Tests.Providers.OpenAI;

/// <summary>
/// The OpenAI speech client against a stub of /v1/audio/speech that enforces the real rules: a known voice,
/// the model and format asked for; anything else gets OpenAI's 400 error shape.
/// </summary>
public sealed class OpenAISpeechProviderTests : IDisposable
{
    private const string Path = "/v1/audio/speech";
    private static readonly string[] KnownVoices = ["alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse", "marin", "cedar"];

    private readonly ProviderTestHost _host = ProviderTestHost.Start(("SPEECH_PROVIDER", "openai"));

    public void Dispose() => _host.Dispose();

    /// <summary>Half a second of 24 kHz mono 16-bit PCM: 12,000 samples.</summary>
    private static readonly byte[] HalfSecondPcm = [.. Enumerable.Range(0, 24_000).Select(i => (byte)(i * 7 % 251))];

    private void AnswerPcmForKnownVoices(string model = "gpt-4o-mini-tts")
    {
        _host.Server.Given(Request.Create().WithPath(Path).UsingPost()).AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(400).WithBodyAsJson(new
            {
                error = new { message = "Invalid value for 'voice'.", type = "invalid_request_error", param = "voice", code = "invalid_value" },
            }));
        foreach (var voice in KnownVoices)
        {
            _host.Server.Given(Request.Create().WithPath(Path).UsingPost()
                    .WithBody(new JsonPartialMatcher($$"""{"model":"{{model}}","voice":"{{voice}}","response_format":"pcm"}""")))
                .AtPriority(1)
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/octet-stream").WithBody(HalfSecondPcm));
        }
    }

    [Fact]
    public async Task Speak_sends_model_voice_text_instructions_and_pcm_format_and_returns_a_24_kHz_mono_wav()
    {
        AnswerPcmForKnownVoices();

        var media = await _host.Speech.SpeakAsync(new SpeechRequest("The lantern never lies.", "marin", "whispered, afraid"));

        var request = Assert.Single(_host.RequestsTo("POST", Path));
        Assert.Equal($"Bearer {ProviderTestHost.Key}", ProviderTestHost.Header(request, "Authorization"));
        var body = ProviderTestHost.Json(request);
        Assert.Equal("gpt-4o-mini-tts", body.GetProperty("model").GetString());
        Assert.Equal("marin", body.GetProperty("voice").GetString());
        Assert.Equal("The lantern never lies.", body.GetProperty("input").GetString());
        Assert.Equal("whispered, afraid", body.GetProperty("instructions").GetString());
        Assert.Equal("pcm", body.GetProperty("response_format").GetString());

        Assert.Equal("audio/wav", media.ContentType);
        Assert.Equal(("openai", "gpt-4o-mini-tts"), (media.Provider, media.Model));
        var probe = await FfprobeReport.ProbeAudioAsync(media.Content);
        Assert.Equal(("pcm_s16le", 24_000, 1), (probe.Codec, probe.SampleRate, probe.Channels));
        Assert.Equal(0.5, probe.DurationSeconds, 3);
        Assert.Equal(0.5, WavAudio.DurationOf(media.Content, "openai"), 6);
    }

    [Fact]
    public async Task Models_without_instructions_are_not_sent_the_direction()
    {
        using var host = ProviderTestHost.Start(("SPEECH_PROVIDER", "openai"), ("OPENAI_TTS_MODEL", "tts-1"));
        host.Server.Given(Request.Create().WithPath(Path).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(HalfSecondPcm));

        await host.Speech.SpeakAsync(new SpeechRequest("Run.", "alloy", "urgent"));

        var body = ProviderTestHost.Json(Assert.Single(host.Requests));
        Assert.Equal("tts-1", body.GetProperty("model").GetString());
        Assert.False(body.TryGetProperty("instructions", out _));
    }

    [Fact]
    public async Task Throttled_request_waits_for_Retry_After_then_succeeds()
    {
        _host.Server.Given(Request.Create().WithPath(Path).UsingPost()).InScenario("throttle").WillSetStateTo("open")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "2")
                .WithBodyAsJson(new { error = new { message = "Rate limit reached", type = "requests", code = "rate_limit_exceeded" } }));
        _host.Server.Given(Request.Create().WithPath(Path).UsingPost()).InScenario("throttle").WhenStateIs("open")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(HalfSecondPcm));

        var (media, elapsed) = await _host.RunAsync(() => _host.Speech.SpeakAsync(new SpeechRequest("Again.", "nova")));

        Assert.Equal(2, _host.Requests.Count);
        Assert.Equal(0.5, WavAudio.DurationOf(media.Content, "openai"), 6);
        Assert.Equal(TimeSpan.FromSeconds(2), elapsed);
    }

    [Fact]
    public async Task An_unknown_voice_is_refused_once_with_the_providers_reason_and_the_key_masked()
    {
        AnswerPcmForKnownVoices();

        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Speech.SpeakAsync(new SpeechRequest("Hello.", "Kore")));

        Assert.Single(_host.Requests);
        Assert.False(failure.IsRetryable);
        Assert.Contains("400", failure.Message);
        Assert.Contains("Invalid value for 'voice'.", failure.Message);
        Assert.DoesNotContain(ProviderTestHost.Key, failure.Message);
    }
}
