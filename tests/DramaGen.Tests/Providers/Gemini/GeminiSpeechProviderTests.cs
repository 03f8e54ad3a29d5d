using DramaGen.Providers;
using DramaGen.Tests.Providers.Local;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace DramaGen.Tests.Providers.Gemini;

/// <summary>
/// The Gemini speech client against a generateContent stub that only answers audio when asked for the
/// AUDIO modality and a prebuilt voice, in the API's camelCase; anything else gets Gemini's 400 shape.
/// </summary>
public sealed class GeminiSpeechProviderTests : IDisposable
{
    private const string Path = "/v1beta/models/gemini-2.5-flash-preview-tts:generateContent";

    private readonly ProviderTestHost _host = ProviderTestHost.Start(("SPEECH_PROVIDER", "gemini"));

    public void Dispose() => _host.Dispose();

    /// <summary>1.5 s of 24 kHz mono s16le: 72,000 bytes.</summary>
    private static readonly byte[] Pcm = [.. Enumerable.Range(0, 72_000).Select(i => (byte)(i * 13 % 253))];

    private static object AudioAnswer(byte[] data, string mimeType = "audio/L16;codec=pcm;rate=24000") => new
    {
        candidates = new[]
        {
            new
            {
                content = new { role = "model", parts = new[] { new { inlineData = new { mimeType, data = Convert.ToBase64String(data) } } } },
                finishReason = "STOP",
                index = 0,
            },
        },
        usageMetadata = new { promptTokenCount = 8, candidatesTokenCount = 48, totalTokenCount = 56 },
        responseId = "tts-7",
    };

    private void EnforceSpeechRequests(object answer)
    {
        _host.Server.Given(Request.Create().WithPath(Path).UsingPost()).AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(400).WithBodyAsJson(new
            {
                error = new { code = 400, message = "The requested combination of response modalities is not supported by the model.", status = "INVALID_ARGUMENT" },
            }));
        _host.Server.Given(Request.Create().WithPath(Path).UsingPost().WithHeader("x-goog-api-key", ProviderTestHost.Key)
                .WithBody(new JsonPartialMatcher("""{"generationConfig":{"responseModalities":["AUDIO"],"speechConfig":{"voiceConfig":{"prebuiltVoiceConfig":{"voiceName":"Kore"}}}}}""")))
            .AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(answer));
    }

    [Fact]
    public async Task Speak_asks_for_audio_in_the_voice_and_wraps_the_PCM_into_a_24_kHz_mono_wav()
    {
        EnforceSpeechRequests(AudioAnswer(Pcm));

        var media = await _host.Speech.SpeakAsync(new SpeechRequest("The storm came at dusk.", "Kore", "cheerfully"));

        var body = ProviderTestHost.Json(Assert.Single(_host.RequestsTo("POST", Path)));
        var text = body.GetProperty("contents")[0].GetProperty("parts")[0].GetProperty("text").GetString();
        Assert.Equal("Say it cheerfully: The storm came at dusk.", text);
        Assert.Equal("audio/wav", media.ContentType);
        Assert.Equal(("gemini", "gemini-2.5-flash-preview-tts", "tts-7"), (media.Provider, media.Model, media.ProviderJobId));
        Assert.Equal(Pcm, media.Content[44..]);
        var probe = await FfprobeReport.ProbeAudioAsync(media.Content);
        Assert.Equal(("pcm_s16le", 24_000, 1), (probe.Codec, probe.SampleRate, probe.Channels));
        Assert.Equal(1.5, probe.DurationSeconds, 3);
    }

    [Fact]
    public async Task An_answer_that_is_already_a_wav_is_kept_as_it_is()
    {
        var wav = WavAudio.FromPcm16(Pcm);
        EnforceSpeechRequests(AudioAnswer(wav, "audio/wav"));

        var media = await _host.Speech.SpeakAsync(new SpeechRequest("Hello.", "Kore"));

        Assert.Equal(wav, media.Content);
    }

    [Fact]
    public async Task Throttled_request_waits_for_Retry_After_then_succeeds()
    {
        _host.Server.Given(Request.Create().WithPath(Path).UsingPost()).InScenario("throttle").WillSetStateTo("open")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "3")
                .WithBodyAsJson(new { error = new { code = 429, message = "Resource exhausted", status = "RESOURCE_EXHAUSTED" } }));
        _host.Server.Given(Request.Create().WithPath(Path).UsingPost()).InScenario("throttle").WhenStateIs("open")
            .RespondWith(Response.Create().WithStatusCode(200).WithBodyAsJson(AudioAnswer(Pcm)));

        var (media, elapsed) = await _host.RunAsync(() => _host.Speech.SpeakAsync(new SpeechRequest("Again.", "Puck")));

        Assert.Equal(2, _host.Requests.Count);
        Assert.Equal(1.5, WavAudio.DurationOf(media.Content, "gemini"), 6);
        Assert.Equal(TimeSpan.FromSeconds(3), elapsed);
    }

    [Fact]
    public async Task A_refused_request_fails_once_with_the_reason()
    {
        EnforceSpeechRequests(AudioAnswer(Pcm));

        // Only Kore is answered: the stub refuses this request as the real API refuses a bad one.
        var failure = await Assert.ThrowsAsync<ProviderException>(() => _host.Speech.SpeakAsync(new SpeechRequest("Hello.", "Puck")));

        Assert.Single(_host.Requests);
        Assert.False(failure.IsRetryable);
        Assert.Contains("400", failure.Message);
        Assert.Contains("response modalities", failure.Message);
        Assert.DoesNotContain(ProviderTestHost.Key, failure.Message);
    }
}
