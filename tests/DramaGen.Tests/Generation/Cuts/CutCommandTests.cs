using DramaGen.Dramas;
using DramaGen.Generation.Cuts;
using DramaGen.Generation.Timeline;

namespace DramaGen.Tests.Generation.Cuts;

public sealed class CutCommandTests
{
    private static readonly TimelineSettings Settings = new(360, 640, 24, TitleSeconds: 2, TransitionSeconds: 0.5, DefaultClipSeconds: 4, StillSeconds: 3);

    [Fact]
    public void Transitions_become_xfade_and_acrossfade_at_the_next_segments_start_and_a_cut_a_concat()
    {
        var timeline = Timeline(Transitions.Dissolve, Transitions.Cut);
        var filter = FilterOf(Render(timeline));

        // Title (2 s) dissolves into s001 at 1.5 s; s001 cuts to s002.
        Assert.Contains("[v0][v1]xfade=transition=dissolve:duration=0.5:offset=1.5[jv1]", filter);
        Assert.Contains("[a0][a1]acrossfade=d=0.5[ja1]", filter);
        Assert.Contains("[jv1][v2]concat=n=2:v=1:a=0[jv2]", filter);
        Assert.Contains("[ja1][a2]concat=n=2:v=0:a=1[ja2]", filter);
    }

    [Fact]
    public void Every_segment_is_conformed_to_one_size_rate_and_pixel_format_and_held_or_trimmed_to_its_length()
    {
        var filter = FilterOf(Render(Timeline(Transitions.Cut, Transitions.Cut)));

        for (var i = 0; i < 3; i++)
        {
            Assert.Matches($@"\[{i}:v\]scale=360:640:force_original_aspect_ratio=increase,crop=360:640,setsar=1,fps=24,format=yuv420p,"
                + @"tpad=stop_mode=clone:stop_duration=[0-9.]+,trim=duration=[0-9.]+,setpts=PTS-STARTPTS\[v" + i + @"\]", filter);
        }
    }

    [Fact]
    public void Speech_is_delayed_to_its_timeline_start_ducks_the_clip_sound_and_the_mix_is_normalised_to_minus_16_LUFS()
    {
        var timeline = Timeline(Transitions.Cut, Transitions.Cut, ("l001", 1.25));
        var arguments = Render(timeline, lineAudio: new Dictionary<string, string> { ["l001"] = "/tmp/l001.wav" }, clipHasAudio: true);
        var filter = FilterOf(arguments);

        var line = timeline.Lines.Single();
        Assert.Equal(2.3, line.Start, 3);
        Assert.Contains("adelay=delays=2300:all=1", filter);
        Assert.Contains("[1:a]aresample=48000", filter);
        Assert.Contains("sidechaincompress=", filter);
        Assert.Contains("loudnorm=I=-16:", filter);
        Assert.Contains("/tmp/l001.wav", arguments);
    }

    [Fact]
    public void A_silent_clip_gets_a_silent_bed_instead_of_a_missing_audio_stream()
    {
        var filter = FilterOf(Render(Timeline(Transitions.Cut, Transitions.Cut), clipHasAudio: false));

        Assert.DoesNotContain("[1:a]", filter);
        Assert.Contains("anullsrc=r=48000:cl=stereo,atrim=duration=4[a1]", filter);
    }

    [Fact]
    public void Subtitles_are_a_mov_text_track_and_burned_in_only_when_asked()
    {
        var timeline = Timeline(Transitions.Cut, Transitions.Cut);
        var soft = Render(timeline, subtitles: "/tmp/cut.vtt");
        var burned = Render(timeline, subtitles: "/tmp/cut.vtt", burn: true);

        Assert.Equal("mov_text", soft[soft.ToList().IndexOf("-c:s") + 1]);
        Assert.DoesNotContain("subtitles=", FilterOf(soft));
        Assert.Contains("subtitles=filename=/tmp/cut.vtt", FilterOf(burned));
        Assert.Contains("[vsub]", burned);
    }

    [Fact]
    public void The_output_is_H264_and_AAC_with_faststart_of_exactly_the_timelines_length_and_stills_are_looped()
    {
        var timeline = Timeline(Transitions.Cut, Transitions.Cut);
        var arguments = Render(timeline).ToList();

        Assert.Equal("libx264", arguments[arguments.IndexOf("-c:v") + 1]);
        Assert.Equal("aac", arguments[arguments.IndexOf("-c:a") + 1]);
        Assert.Equal("+faststart", arguments[arguments.IndexOf("-movflags") + 1]);
        Assert.Equal("10", arguments[arguments.IndexOf("-t", arguments.IndexOf("-filter_complex")) + 1]);
        // The title card is a still: looped at the frame rate for its length.
        Assert.Equal(["-loop", "1", "-framerate", "24", "-t", "2", "-i", "/tmp/segment0"], arguments.Skip(arguments.IndexOf("-loop")).Take(8));
    }

    [Fact]
    public void A_path_in_a_filter_option_cannot_break_out_of_it()
    {
        Assert.Equal(@"/tmp/a\\:b\\'c\\,d", CutCommand.FilterPath("/tmp/a:b'c,d"));
    }

    private static string FilterOf(IReadOnlyList<string> arguments) => arguments[arguments.ToList().IndexOf("-filter_complex") + 1];

    private static IReadOnlyList<string> Render(EpisodeTimeline timeline, IReadOnlyDictionary<string, string>? lineAudio = null,
        string? subtitles = null, bool burn = false, bool clipHasAudio = false)
    {
        var files = timeline.Segments.ToDictionary(segment => segment.Index,
            segment => new SegmentFile($"/tmp/segment{segment.Index}", segment.Kind == SegmentKinds.Clip, clipHasAudio));
        return CutCommand.Render(timeline, new CutInputs(files, lineAudio ?? new Dictionary<string, string>(), subtitles), "/tmp/out.mp4", burn, "veryfast");
    }

    private static EpisodeTimeline Timeline(string titleTransition, string sceneTransition, (string Id, double Seconds)? line = null)
    {
        var drama = new Drama
        {
            Id = "drama_cmd",
            Title = "T",
            Transition = titleTransition,
            Episodes =
            [
                new Episode
                {
                    Id = "e001", Title = "E",
                    Scenes =
                    [
                        new Scene { Id = "s001", Transition = sceneTransition, Assets = [new DramaAsset { Id = "a001", Type = AssetTypes.Video }] },
                        new Scene { Id = "s002", Assets = [new DramaAsset { Id = "a001", Type = AssetTypes.Video }] },
                    ],
                },
            ],
        };
        var lines = new OneLine(line);
        return TimelineBuilder.Build(drama, drama.Episodes[0], PlannedScenes.Instance, lines, Settings);
    }

    private sealed class OneLine((string Id, double Seconds)? line) : ISceneLines
    {
        public IReadOnlyList<SceneLine> LinesOf(Drama drama, string episodeId, Scene scene) =>
            line is { } spoken && scene.Id == "s001" ? [new SceneLine(spoken.Id, "c001", "Mara", "Hello.", spoken.Seconds, "audio/l001")] : [];
    }
}
