using System.Globalization;
using DramaGen.Configuration;
using Microsoft.Extensions.Options;

namespace DramaGen.Providers.Local;

/// <summary>
/// Offline speech: espeak-ng speaks the line in the voice's variant and pitch, ffmpeg converts it once to
/// the engine's WAV (24 kHz mono 16-bit, bit-exact so the same line always gives the same bytes).
/// </summary>
public sealed class LocalSpeechProvider : ISpeechProvider
{
    private readonly LocalProviderBehaviour _behaviour;
    private readonly ToolRunner _espeak;
    private readonly ToolRunner _ffmpeg;

    public LocalSpeechProvider(IOptions<LocalProviderOptions> options, TimeProvider timeProvider)
    {
        _behaviour = new LocalProviderBehaviour(options.Value, timeProvider);
        _espeak = ToolRunner.EspeakNg(options.Value.EspeakNgPath);
        _ffmpeg = ToolRunner.Ffmpeg(options.Value.FfmpegPath);
    }

    public string Name => LocalProviderBehaviour.ProviderName;
    public string Model => "espeak-ng-v1";
    public IReadOnlyList<string> Voices => LocalVoices.Names;

    public async Task<GeneratedMedia> SpeakAsync(SpeechRequest request, CancellationToken cancellationToken = default)
    {
        var voice = LocalVoices.Find(request.Voice);
        var speed = WordsPerMinute(request.Direction);
        var hash = StableHash.Hex("speech", request.Text, voice.Name, request.Direction ?? "");
        await _behaviour.BeforeGenerationAsync(LocalCapability.Speech, "speech", hash, cancellationToken);

        using var workspace = new TempWorkspace("dramagen-speech-");
        var spoken = workspace.PathOf("espeak.wav");
        var output = workspace.PathOf("line.wav");
        string N(int value) => value.ToString(CultureInfo.InvariantCulture);
        // "--" ends the options: a line starting with "-" is text, not a flag.
        await _espeak.RunAsync(["-v", $"en+{voice.Variant}", "-p", N(voice.Pitch), "-s", N(speed), "-w", spoken, "--", request.Text], cancellationToken);
        await _ffmpeg.RunAsync(
        [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", spoken,
            "-ar", N(WavAudio.StandardSampleRate), "-ac", "1", "-c:a", "pcm_s16le",
            "-fflags", "+bitexact", "-flags:a", "+bitexact", "-map_metadata", "-1", output,
        ], cancellationToken);
        ProviderUsage.Record(new BilledUsage(Name, Model, UsageUnits.Characters, request.Text.Length));
        return new GeneratedMedia(await File.ReadAllBytesAsync(output, cancellationToken), WavAudio.ContentType, Name, Model, "local-" + hash);
    }

    /// <summary>The direction's pace, read from its words: the local voice has no other way to act.</summary>
    private static int WordsPerMinute(string? direction)
    {
        var words = direction?.ToLowerInvariant() ?? "";
        return words.Contains("slow") || words.Contains("whisper") ? 135
            : words.Contains("fast") || words.Contains("urgent") || words.Contains("shout") ? 190 : 160;
    }
}
