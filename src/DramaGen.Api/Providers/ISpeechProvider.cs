namespace DramaGen.Providers;

/// <summary>A line of text to speech: always a 16-bit PCM mono WAV (24 kHz), whatever the provider sends.</summary>
public interface ISpeechProvider
{
    /// <summary>openai, gemini or local.</summary>
    string Name { get; }

    /// <summary>The model and settings that shape the output; part of every speech node's input hash.</summary>
    string Model { get; }

    /// <summary>The provider's voice names, in the order voices are handed out to a drama's speakers.</summary>
    IReadOnlyList<string> Voices { get; }

    Task<GeneratedMedia> SpeakAsync(SpeechRequest request, CancellationToken cancellationToken = default);
}

/// <param name="Text">What is said.</param>
/// <param name="Voice">One of <see cref="ISpeechProvider.Voices"/> (or another name the provider knows).</param>
/// <param name="Direction">How it is said ("whispered, afraid"); the model's instructions where it takes them.</param>
public sealed record SpeechRequest(string Text, string Voice, string? Direction = null);
