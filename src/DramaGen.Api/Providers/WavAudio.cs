using System.Buffers.Binary;
using System.Text;

namespace DramaGen.Providers;

/// <summary>
/// The one audio format the engine keeps: RIFF WAV of 16-bit little-endian PCM. Wraps headerless PCM (what
/// Gemini and OpenAI's "pcm" format send) and reads a WAV's format and measured duration.
/// </summary>
public static class WavAudio
{
    public const int StandardSampleRate = 24_000;
    public const string ContentType = "audio/wav";

    /// <summary>A 44-byte RIFF header in front of mono 16-bit PCM samples.</summary>
    public static byte[] FromPcm16(ReadOnlySpan<byte> pcm, int sampleRate = StandardSampleRate, int channels = 1)
    {
        var wav = new byte[44 + pcm.Length];
        var span = wav.AsSpan();
        Encoding.ASCII.GetBytes("RIFF").CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + pcm.Length);
        Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], sampleRate * channels * 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], (short)(channels * 2));
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16);
        Encoding.ASCII.GetBytes("data").CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], pcm.Length);
        pcm.CopyTo(span[44..]);
        return wav;
    }

    /// <summary>The format chunk and the size of the data chunk, or null when the bytes are not a PCM WAV.</summary>
    public static WavFormat? Read(ReadOnlySpan<byte> wav)
    {
        if (wav.Length < 12 || !wav[..4].SequenceEqual("RIFF"u8) || !wav[8..12].SequenceEqual("WAVE"u8))
        {
            return null;
        }
        int? channels = null, sampleRate = null, bits = null;
        var offset = 12;
        while (offset + 8 <= wav.Length)
        {
            var id = wav.Slice(offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(wav[(offset + 4)..]);
            var body = offset + 8;
            if (id.SequenceEqual("fmt "u8) && body + 16 <= wav.Length)
            {
                channels = BinaryPrimitives.ReadInt16LittleEndian(wav[(body + 2)..]);
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(wav[(body + 4)..]);
                bits = BinaryPrimitives.ReadInt16LittleEndian(wav[(body + 14)..]);
            }
            else if (id.SequenceEqual("data"u8) && channels is { } c && sampleRate is { } r && bits is { } b)
            {
                // Streamed WAVs carry a placeholder size (0 or 0xFFFFFFFF): the data runs to the end then.
                var dataBytes = size <= 0 || body + size > wav.Length ? wav.Length - body : size;
                return new WavFormat(c, r, b, dataBytes);
            }
            offset = body + Math.Max(size, 0) + (size & 1);
        }
        return null;
    }

    /// <summary>The measured length in seconds of a PCM WAV; a provider error when the bytes are not one.</summary>
    public static double DurationOf(ReadOnlySpan<byte> wav, string provider) =>
        Read(wav)?.DurationSeconds ?? throw new ProviderException(provider, "the speech answer is not a PCM WAV", isRetryable: false);
}

public sealed record WavFormat(int Channels, int SampleRate, int BitsPerSample, int DataBytes)
{
    public double DurationSeconds => DataBytes / (double)(SampleRate * Channels * Math.Max(BitsPerSample / 8, 1));
}
