using System.Buffers.Binary;
using DramaGen.Configuration;
using DramaGen.Providers;
using DramaGen.Providers.Local;
using Microsoft.Extensions.Options;

namespace DramaGen.Tests.Providers.Local;

public sealed class LocalSpeechProviderTests
{
    private static LocalSpeechProvider Provider(string espeak = "espeak-ng") =>
        new(Options.Create(new LocalProviderOptions { EspeakNgPath = espeak }), TimeProvider.System);

    private const string Short = "The lantern never lies.";
    private const string Long = "The lantern never lies, and tonight it shows the storm, the broken mast and the boat that will not come home.";

    [Fact]
    public async Task Speaks_a_real_24_kHz_mono_wav_whose_length_grows_with_the_text()
    {
        var provider = Provider();
        var voice = provider.Voices[0];

        var shortLine = await provider.SpeakAsync(new SpeechRequest(Short, voice));
        var longLine = await provider.SpeakAsync(new SpeechRequest(Long, voice));

        var probe = await FfprobeReport.ProbeAudioAsync(shortLine.Content);
        Assert.Equal(("pcm_s16le", 24_000, 1), (probe.Codec, probe.SampleRate, probe.Channels));
        var shortSeconds = WavAudio.DurationOf(shortLine.Content, "local");
        var longSeconds = WavAudio.DurationOf(longLine.Content, "local");
        Assert.Equal(probe.DurationSeconds, shortSeconds, 2);
        Assert.InRange(shortSeconds, 0.8, 4);
        // Roughly proportional: the long line has about 4.8 times the characters.
        Assert.InRange(longSeconds / shortSeconds, 2.5, 8);
    }

    [Fact]
    public async Task Two_voices_speak_at_different_pitches()
    {
        var provider = Provider();

        var low = await provider.SpeakAsync(new SpeechRequest(Short, provider.Voices[0]));
        var high = await provider.SpeakAsync(new SpeechRequest(Short, provider.Voices[1]));

        Assert.NotEqual(low.Content, high.Content);
        var lowPitch = PitchHz(low.Content);
        var highPitch = PitchHz(high.Content);
        Assert.True(highPitch > lowPitch * 1.2, $"low voice {lowPitch:F0} Hz, high voice {highPitch:F0} Hz");
    }

    [Fact]
    public async Task The_same_line_in_the_same_voice_gives_the_same_bytes()
    {
        var provider = Provider();
        var first = await provider.SpeakAsync(new SpeechRequest(Short, "f2-high", "slowly"));
        var second = await provider.SpeakAsync(new SpeechRequest(Short, "f2-high", "slowly"));
        Assert.Equal(first.Content, second.Content);
    }

    [Fact]
    public async Task Text_that_looks_like_an_option_is_spoken_not_interpreted()
    {
        var media = await Provider().SpeakAsync(new SpeechRequest("--version; rm -rf /", "m3-low"));
        Assert.True(WavAudio.DurationOf(media.Content, "local") > 0.5);
    }

    [Fact]
    public async Task A_missing_espeak_ng_fails_with_a_reason_naming_the_setting()
    {
        var failure = await Assert.ThrowsAsync<ProviderException>(() =>
            Provider("/nonexistent/espeak-ng").SpeakAsync(new SpeechRequest(Short, "m3-low")));
        Assert.False(failure.IsRetryable);
        Assert.Contains("ESPEAK_NG_PATH", failure.Message);
    }

    /// <summary>
    /// The fundamental frequency of the voiced samples by autocorrelation over 60-400 Hz lags, averaged over
    /// loud 40 ms windows: an independent measurement of how high a voice speaks.
    /// </summary>
    private static double PitchHz(byte[] wav)
    {
        var format = WavAudio.Read(wav)!;
        var samples = new double[format.DataBytes / 2];
        for (var i = 0; i < samples.Length; i++) samples[i] = BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(44 + 2 * i));
        var rate = format.SampleRate;
        var window = rate / 25;
        var pitches = new List<double>();
        for (var start = 0; start + window + rate / 60 < samples.Length; start += window)
        {
            var energy = 0.0;
            for (var i = 0; i < window; i++) energy += samples[start + i] * samples[start + i];
            if (energy / window < 1_000_000) continue;
            var (bestLag, best) = (0, 0.0);
            for (var lag = rate / 400; lag <= rate / 60; lag++)
            {
                var sum = 0.0;
                for (var i = 0; i < window; i++) sum += samples[start + i] * samples[start + i + lag];
                if (sum > best) (bestLag, best) = (lag, sum);
            }
            if (bestLag > 0) pitches.Add(rate / (double)bestLag);
        }
        pitches.Sort();
        return pitches[pitches.Count / 2];
    }
}
