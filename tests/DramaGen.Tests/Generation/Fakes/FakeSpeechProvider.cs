using DramaGen.Providers;

namespace DramaGen.Tests.Generation.Fakes;

/// <summary>
/// A deterministic speech provider that counts its calls (see <see cref="ProviderInstrument"/>; a call's prompt
/// is "voice: text") and answers a real WAV of 0.05 s per character of text, so durations are predictable.
/// </summary>
public sealed class FakeSpeechProvider(TimeProvider time, CallSequence sequence) : ISpeechProvider
{
    public const double SecondsPerCharacter = 0.05;

    public ProviderInstrument Instrument { get; } = new("fake-speech", time, sequence);

    public string Name => Instrument.Name;

    public string Model { get; set; } = "fake-speech-1";

    public IReadOnlyList<string> Voices { get; set; } = ["Alto", "Bass", "Tenor", "Soprano"];

    public async Task<GeneratedMedia> SpeakAsync(SpeechRequest request, CancellationToken cancellationToken = default)
    {
        var call = await Instrument.CallAsync($"{request.Voice}: {request.Text}", 0, request.Direction, null, null, cancellationToken);
        var samples = (int)Math.Round(request.Text.Length * SecondsPerCharacter * WavAudio.StandardSampleRate);
        var pcm = new byte[samples * 2];
        for (var i = 0; i < pcm.Length; i++) pcm[i] = call.Content[i % call.Content.Length];
        return new GeneratedMedia(WavAudio.FromPcm16(pcm), WavAudio.ContentType, Name, Model);
    }
}
