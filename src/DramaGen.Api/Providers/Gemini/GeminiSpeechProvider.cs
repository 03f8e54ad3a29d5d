using System.Globalization;
using System.Text.RegularExpressions;
using DramaGen.Configuration;
using Microsoft.Extensions.Options;

namespace DramaGen.Providers.Gemini;

/// <summary>
/// Speech through Gemini generateContent with the AUDIO modality and a prebuilt voice. The answer is raw
/// 16-bit little-endian PCM (24 kHz mono unless the mimeType says another rate), wrapped here in a WAV
/// header; an answer that is already a WAV is kept as it is.
/// </summary>
public sealed partial class GeminiSpeechProvider(IHttpClientFactory httpClients, IOptions<ProvidersOptions> options) : ISpeechProvider
{
    private readonly ProvidersOptions _options = options.Value;
    private readonly ProviderTextScrubber _scrubber = new(options.Value.Secrets);

    /// <summary>The 30 prebuilt voices of the speech-generation docs.</summary>
    private static readonly string[] AllVoices =
    [
        "Kore", "Puck", "Charon", "Leda", "Fenrir", "Aoede", "Orus", "Zephyr", "Callirrhoe", "Autonoe", "Enceladus", "Iapetus",
        "Umbriel", "Algieba", "Despina", "Erinome", "Algenib", "Rasalgethi", "Laomedeia", "Achernar", "Alnilam", "Schedar",
        "Gacrux", "Pulcherrima", "Achird", "Zubenelgenubi", "Vindemiatrix", "Sadachbia", "Sadaltager", "Sulafat",
    ];

    [GeneratedRegex(@"rate=(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex Rate();

    public string Name => "gemini";
    public string Model => _options.GeminiTtsModel;
    public IReadOnlyList<string> Voices => AllVoices;

    public async Task<GeneratedMedia> SpeakAsync(SpeechRequest request, CancellationToken cancellationToken = default)
    {
        var client = httpClients.CreateClient(ProviderHttpClients.GeminiSpeech);
        // TTS models take the style as words in the prompt ("Say cheerfully: ..."), not as a separate field.
        var text = string.IsNullOrWhiteSpace(request.Direction) ? request.Text : $"Say it {request.Direction.Trim()}: {request.Text}";
        var body = new GeminiSpeechRequest([new GeminiContent([new GeminiPart(Text: text)])],
            new GeminiSpeechGenerationConfig(["AUDIO"], new GeminiSpeechConfig(new GeminiVoiceConfig(new GeminiPrebuiltVoiceConfig(request.Voice)))));
        var message = new HttpRequestMessage(HttpMethod.Post, $"v1beta/models/{Uri.EscapeDataString(Model)}:generateContent")
        {
            Content = JsonContent.Create(body, options: ProviderJson.Options),
        };
        message.Headers.Add("x-goog-api-key", _options.GeminiApiKey);

        using var response = await ProviderHttp.SendAsync(client, message, Name, _scrubber, cancellationToken);
        var answer = await ProviderHttp.ReadJsonAsync<GeminiResponse>(response, Name, _scrubber, cancellationToken);
        // Billed by the tokens usageMetadata counts, whatever we then make of the audio.
        ProviderUsage.Record(new BilledUsage(Name, Model, UsageUnits.InputTokens, answer.UsageMetadata?.PromptTokenCount ?? 0));
        ProviderUsage.Record(new BilledUsage(Name, Model, UsageUnits.OutputTokens, answer.UsageMetadata?.CandidatesTokenCount ?? 0));
        var audio = answer.Candidates?.FirstOrDefault()?.Content?.Parts?.Select(part => part.Image).FirstOrDefault(data => !string.IsNullOrEmpty(data?.Data))
            ?? throw new ProviderException(Name, _scrubber.Excerpt(
                $"no audio in the answer: {answer.PromptFeedback?.BlockReason ?? answer.Candidates?.FirstOrDefault()?.FinishReason ?? "no reason given"}"), isRetryable: false);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(audio.Data!);
        }
        catch (FormatException exception)
        {
            throw new ProviderException(Name, "the audio part is not valid base64", isRetryable: false, exception);
        }
        var mimeType = audio.ContentType ?? "audio/L16;codec=pcm;rate=24000";
        if (mimeType.Contains("wav", StringComparison.OrdinalIgnoreCase))
        {
            return new GeneratedMedia(bytes, WavAudio.ContentType, Name, Model, answer.ResponseId);
        }
        var rate = Rate().Match(mimeType) is { Success: true } match ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : WavAudio.StandardSampleRate;
        return new GeneratedMedia(WavAudio.FromPcm16(bytes, rate), WavAudio.ContentType, Name, Model, answer.ResponseId);
    }
}
