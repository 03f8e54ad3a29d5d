namespace DramaGen.Generation.Cuts;

/// <summary>The local files one cut is rendered from, by timeline segment and line.</summary>
/// <param name="Segments">Per segment index: its picture (a clip, a still image or a rendered card).</param>
/// <param name="LineAudio">Per line id: the spoken audio.</param>
/// <param name="Subtitles">WebVTT timed to the cut; null when nothing is said.</param>
public sealed record CutInputs(IReadOnlyDictionary<int, SegmentFile> Segments, IReadOnlyDictionary<string, string> LineAudio,
    string? Subtitles);

/// <param name="IsVideo">A clip (decoded as is); otherwise a still image looped for the segment's length.</param>
/// <param name="HasAudio">The clip has its own sound, which is kept under the speech.</param>
public sealed record SegmentFile(string Path, bool IsVideo, bool HasAudio);
