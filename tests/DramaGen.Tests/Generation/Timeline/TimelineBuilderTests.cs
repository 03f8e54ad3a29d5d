using DramaGen.Dramas;
using DramaGen.Generation.Timeline;

namespace DramaGen.Tests.Generation.Timeline;

public sealed class TimelineBuilderTests
{
    private static readonly TimelineSettings Settings = new(720, 1280, 24, TitleSeconds: 2, TransitionSeconds: 0.5,
        DefaultClipSeconds: 8, StillSeconds: 4);

    [Fact]
    public void The_title_card_comes_first_and_names_the_drama_and_the_episode()
    {
        var timeline = Build(Drama(Scene("s001", clipSeconds: 6)));

        var title = timeline.Segments[0];
        Assert.Equal(SegmentKinds.Title, title.Kind);
        Assert.Equal(0, title.Start);
        Assert.Equal(2, title.Duration);
        Assert.Equal("The Lantern: Storm", title.Title);
        Assert.Equal(["title", "clip"], timeline.Segments.Select(segment => segment.Kind));
    }

    [Fact]
    public void Speech_longer_than_the_clip_holds_its_last_frame_for_the_difference()
    {
        var lines = new Lines { ["s001"] = [Line("l001", 2.5), Line("l002", 2.9)] };

        var scene = Build(Drama(Scene("s001", clipSeconds: 4)), lines).Segments[1];

        // 0.3 lead-in, 2.5, 0.3 gap, 2.9, 0.3 tail.
        Assert.Equal(6.3, scene.Duration, 3);
        Assert.Equal(4, scene.MediaSeconds);
        Assert.Equal(2.3, scene.HoldSeconds, 3);
        Assert.Equal(0, scene.TrimSeconds);
    }

    [Fact]
    public void A_scene_that_sets_its_duration_trims_its_clip_and_leaves_out_lines_that_no_longer_fit()
    {
        var lines = new Lines { ["s001"] = [Line("l001", 1.5), Line("l002", 3)] };
        var drama = Drama(Scene("s001", clipSeconds: 8));
        drama.Episodes[0].Scenes[0].DurationSeconds = 2.5;

        var scene = Build(drama, lines).Segments[1];

        Assert.Equal(2.5, scene.Duration);
        Assert.Equal(5.5, scene.TrimSeconds);
        Assert.Equal(0, scene.HoldSeconds);
        Assert.Equal(["l001"], scene.Lines.Select(line => line.LineId));
    }

    [Fact]
    public void Transitions_shorten_the_total_by_their_overlap()
    {
        var scenes = new[] { Scene("s001", clipSeconds: 6), Scene("s002", clipSeconds: 6), Scene("s003", clipSeconds: 6) };
        var cuts = Build(Drama(scenes));
        var dissolving = Drama(scenes);
        dissolving.Transition = Transitions.Dissolve;
        var dissolved = Build(dissolving);

        Assert.Equal(2 + 3 * 6, cuts.DurationSeconds);
        // Title -> s001 -> s002 -> s003: three overlaps of 0.5 s.
        Assert.Equal(2 + 3 * 6 - 3 * 0.5, dissolved.DurationSeconds);
        Assert.Equal([0, 1.5, 7, 12.5], dissolved.Segments.Select(segment => segment.Start));
        Assert.Equal(Transitions.Cut, dissolved.Segments[^1].Transition);
        Assert.Equal(0, dissolved.Segments[^1].TransitionSeconds);
    }

    [Fact]
    public void A_scene_transition_wins_over_the_dramas_and_never_takes_more_than_half_a_segment()
    {
        var drama = Drama(Scene("s001", clipSeconds: 6), Scene("s002", clipSeconds: 1), Scene("s003", clipSeconds: 6));
        drama.Transition = Transitions.Fade;
        drama.Episodes[0].Scenes[0].Transition = Transitions.Wipe;

        var segments = Build(drama).Segments;

        Assert.Equal([Transitions.Fade, Transitions.Wipe, Transitions.Fade, Transitions.Cut], segments.Select(segment => segment.Transition));
        Assert.Equal(0.5, segments[1].TransitionSeconds);
        // s002 lasts 1 s: neither transition touching it may overlap more than half of it.
        Assert.Equal(0.5, segments[2].TransitionSeconds);
        Assert.True(segments[1].TransitionSeconds <= segments[2].Duration / 2);
    }

    [Fact]
    public void Lines_are_placed_in_order_one_after_another_inside_their_scene()
    {
        var lines = new Lines
        {
            ["s001"] = [Line("l001", 1.2), Line("l002", 0.8)],
            ["s002"] = [Line("l001", 2.0)],
        };
        var timeline = Build(Drama(Scene("s001", clipSeconds: 4), Scene("s002", clipSeconds: 4)), lines);

        var placed = timeline.Lines.ToList();
        Assert.Equal(["s001/l001", "s001/l002", "s002/l001"], placed.Select(line => $"{line.SceneId}/{line.LineId}"));
        Assert.Equal([2.3, 3.8, 6.3], placed.Select(line => line.Start));
        for (var i = 1; i < placed.Count; i++)
        {
            Assert.True(placed[i].Start >= placed[i - 1].End, $"line {i} starts before line {i - 1} ends");
        }
        foreach (var segment in timeline.Segments)
        {
            Assert.All(segment.Lines, line => Assert.InRange(line.End, segment.Start, segment.End));
        }
    }

    [Fact]
    public void A_scene_without_its_clip_shows_its_storyboard_and_one_without_either_a_placeholder_card()
    {
        var drama = Drama(Scene("s001", clipSeconds: 5), Scene("s002", clipSeconds: 5), Scene("s003", clipSeconds: null));
        var media = new Media(clips: ["s001"], stills: ["s001", "s002", "s003"]);

        var timeline = TimelineBuilder.Build(drama, drama.Episodes[0], media, new Lines(), Settings);
        var none = TimelineBuilder.Build(drama, drama.Episodes[0], new Media([], []), new Lines(), Settings);

        Assert.Equal(["title", "clip", "still", "still"], timeline.Segments.Select(segment => segment.Kind));
        Assert.Equal("key/s002/still", timeline.Segments[2].SourceKey);
        // A scene without a clip asset lasts StillSeconds; the planned clip length stays when the clip is missing.
        Assert.Equal([2, 5, 5, 4], timeline.Segments.Select(segment => segment.Duration));
        Assert.Equal(["title", "placeholder", "placeholder", "placeholder"], none.Segments.Select(segment => segment.Kind));
        Assert.Equal(timeline.DurationSeconds, none.DurationSeconds);
    }

    [Fact]
    public void The_same_drama_and_state_give_the_same_timeline()
    {
        var lines = new Lines { ["s001"] = [Line("l001", 1.234567)] };
        var first = System.Text.Json.JsonSerializer.Serialize(Build(Drama(Scene("s001", clipSeconds: 4)), lines));
        var second = System.Text.Json.JsonSerializer.Serialize(Build(Drama(Scene("s001", clipSeconds: 4)), lines));

        Assert.Equal(first, second);
        Assert.Contains("1.235", first);
    }

    private static EpisodeTimeline Build(Drama drama, Lines? lines = null)
    {
        var scenes = drama.Episodes[0].Scenes.Select(scene => scene.Id).ToList();
        return TimelineBuilder.Build(drama, drama.Episodes[0], new Media(scenes, scenes), lines ?? new Lines(), Settings);
    }

    private static Drama Drama(params Scene[] scenes) => new()
    {
        Id = "drama_timeline",
        Title = "The Lantern",
        Episodes = [new Episode { Id = "e001", Title = "Storm", Scenes = [.. scenes.Select(Copy)] }],
    };

    private static Scene Copy(Scene scene) => new()
    {
        Id = scene.Id, Title = scene.Title, Assets = [.. scene.Assets.Select(asset => new DramaAsset
        {
            Id = asset.Id, Type = asset.Type, DurationSeconds = asset.DurationSeconds,
        })],
    };

    private static Scene Scene(string id, int? clipSeconds) => new()
    {
        Id = id,
        Title = $"Scene {id}",
        Assets = clipSeconds is null ? [] : [new DramaAsset { Id = "a001", Type = AssetTypes.Video, DurationSeconds = clipSeconds }],
    };

    private static SceneLine Line(string id, double seconds) => new(id, "c001", "Mara", $"line {id}", seconds, $"audio/{id}");

    private sealed class Lines : Dictionary<string, SceneLine[]>, ISceneLines
    {
        public IReadOnlyList<SceneLine> LinesOf(Drama drama, string episodeId, Scene scene) => TryGetValue(scene.Id, out var lines) ? lines : [];
    }

    private sealed class Media(IReadOnlyCollection<string> clips, IReadOnlyCollection<string> stills) : ISceneMedia
    {
        public string? ClipKeyOf(string episodeId, Scene scene) =>
            clips.Contains(scene.Id) && scene.Assets.Count > 0 ? $"key/{scene.Id}/clip" : null;

        public string? StillKeyOf(string episodeId, Scene scene) => stills.Contains(scene.Id) ? $"key/{scene.Id}/still" : null;
    }
}
