using DramaGen.Configuration;
using Microsoft.Extensions.Options;
using OpenAI.Audio;

namespace DramaGen.Providers.OpenAI;

/// <summary>
/// Speech through /v1/audio/speech with the SDK's AudioClient. It asks for "pcm" (24 kHz 16-bit mono,
/// no header) and wraps it, so every provider's lines come out as the same WAV.
/// </summary>
public sealed class OpenAISpeechProvider(IHttpClientFactory httpClients, IOptions<ProvidersOptions> options) : ISpeechProvider
{
    private readonly ProvidersOptions _options = options.Value;

    /// <summary>The voices gpt-4o-mini-tts takes (wire-facts.md); the older tts-1 models take the first nine.</summary>
    private static readonly string[] AllVoices = ["alloy", "ash", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "ballad", "verse", "marin", "cedar"];

    private readonly ProviderTextScrubber _scrubber = new(options.Value.Secrets);

    public string Name => "openai";
    public string Model => _options.OpenAITtsModel;
    public IReadOnlyList<string> Voices => AllVoices;

    public async Task<GeneratedMedia> SpeakAsync(SpeechRequest request, CancellationToken cancellationToken = default)
    {
#pragma warning disable OPENAI001 // instructions are experimental in the SDK, stable on the wire
        var speechOptions = new SpeechGenerationOptions { ResponseFormat = GeneratedSpeechFormat.Pcm };
        // tts-1 and tts-1-hd refuse instructions; the direction is only sent to models that take it.
        if (!string.IsNullOrWhiteSpace(request.Direction) && !Model.StartsWith("tts-1", StringComparison.Ordinal))
        {
            speechOptions.Instructions = request.Direction;
        }
#pragma warning restore OPENAI001
        BinaryData pcm;
        try
        {
            var audio = OpenAIChatClientFactory.CreateAudio(httpClients, _options);
            pcm = (await audio.GenerateSpeechAsync(request.Text, new GeneratedSpeechVoice(request.Voice), speechOptions, cancellationToken)).Value;
        }
        catch (Exception failure) when (failure is not (OperationCanceledException or ProviderException))
        {
            throw OpenAIFailures.Translate(failure, Name, _scrubber, "speech audio");
        }
        // The speech endpoint answers bare audio, no usage: it bills the characters of the input.
        ProviderUsage.Record(new BilledUsage(Name, Model, UsageUnits.Characters, request.Text.Length));
        if (pcm.ToMemory().Length == 0)
        {
            throw new ProviderException(Name, "the speech answer is empty", isRetryable: false);
        }
        return new GeneratedMedia(WavAudio.FromPcm16(pcm.ToMemory().Span), WavAudio.ContentType, Name, Model);
    }
}
