namespace DramaGen.Generation.Cuts;

/// <summary>A rendered episode film, its poster and the subtitles timed to it.</summary>
public sealed record RenderedCut(byte[] Video, byte[] Poster, string? Subtitles, double DurationSeconds);
