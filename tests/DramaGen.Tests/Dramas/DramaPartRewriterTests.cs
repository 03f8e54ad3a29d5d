using System.Buffers;
using System.Text;
using System.Text.Json;
using DramaGen.Dramas;

namespace DramaGen.Tests.Dramas;

public sealed class DramaPartRewriterTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Segment sizes the stored bytes arrive in: whole, and cut so tokens and names straddle segments.</summary>
    public static TheoryData<int, int> SeedsAndSegments => new()
    {
        { 1, int.MaxValue }, { 2, int.MaxValue }, { 3, 7 }, { 4, 64 }, { 5, 1 }, { 6, 4096 },
    };

    [Theory]
    [MemberData(nameof(SeedsAndSegments))]
    public void Rewriting_writes_the_bytes_that_reading_editing_and_writing_the_whole_drama_gives(int seed, int segment)
    {
        var random = new Random(seed);
        var drama = RandomDrama(random);
        var stored = DramaJson.Serialize(drama);
        var edits = RandomEdits(random, drama);

        var streamed = Rewrite(stored, segment, edits, out _);

        var whole = DramaJson.Deserialize(stored);
        EditWhole(whole, edits);
        whole.UpdatedAt = Now;
        Assert.Equal(Encoding.UTF8.GetString(DramaJson.Serialize(whole)), Encoding.UTF8.GetString(streamed));
        Assert.True(edits.Applied > 0);
    }

    [Fact]
    public void Parts_not_edited_are_copied_as_stored_and_edited_ones_take_their_edits()
    {
        var drama = RandomDrama(new Random(7));
        var stored = DramaJson.Serialize(drama);
        var edits = new UrlEdits
        {
            Characters = { drama.Characters[1].Id },
            Scenes = { (drama.Episodes[0].Id, drama.Episodes[0].Scenes[1].Id) },
            Episodes = { drama.Episodes[1].Id },
        };

        var written = DramaJson.Deserialize(Rewrite(stored, int.MaxValue, edits, out _));

        Assert.Equal("/files/char/" + drama.Characters[1].Id + ".png", written.Characters[1].ImageUrl);
        Assert.Equal(drama.Characters[0].ImageUrl, written.Characters[0].ImageUrl);
        Assert.Equal("/files/scene/" + drama.Episodes[0].Scenes[1].Id + ".png", written.Episodes[0].Scenes[1].ImageUrl);
        Assert.Equal(drama.Episodes[0].Scenes[0].ImageUrl, written.Episodes[0].Scenes[0].ImageUrl);
        Assert.Equal("/files/cut/" + drama.Episodes[1].Id + ".mp4", written.Episodes[1].CutUrl);
        Assert.Null(written.Episodes[0].CutUrl);
        Assert.Equal(Now, written.UpdatedAt);
        Assert.Equal(drama.CreatedAt, written.CreatedAt);
        Assert.Equal(3, edits.Applied);
    }

    [Fact]
    public void An_episode_edited_whole_still_takes_the_edits_of_its_scenes()
    {
        var drama = RandomDrama(new Random(8));
        var episode = drama.Episodes[0];
        var edits = new UrlEdits { Episodes = { episode.Id }, Scenes = { (episode.Id, episode.Scenes[0].Id) } };

        var written = DramaJson.Deserialize(Rewrite(DramaJson.Serialize(drama), 5, edits, out _));

        Assert.Equal("/files/cut/" + episode.Id + ".mp4", written.Episodes[0].CutUrl);
        Assert.Equal("/files/scene/" + episode.Scenes[0].Id + ".png", written.Episodes[0].Scenes[0].ImageUrl);
    }

    [Fact]
    public void The_summary_is_the_listing_summary_of_the_drama_written()
    {
        var drama = RandomDrama(new Random(9));
        drama.Premise = new string('p', 800);
        var stored = DramaJson.Serialize(drama);

        var written = Rewrite(stored, 13, new UrlEdits(), out var summary);

        Assert.Equal(DramaSummary.Of(DramaJson.Deserialize(written)) with { Id = "d1" }, summary);
        Assert.Equal(500, summary.Premise.Length);
        Assert.Equal(drama.Characters.Count, summary.CharacterCount);
        Assert.Equal(drama.Episodes.Count, summary.EpisodeCount);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"drama\"")]
    [InlineData("{\"characters\":[{\"id\":\"c1\"")]
    public void Bytes_that_are_not_a_drama_document_are_refused(string stored) =>
        Assert.ThrowsAny<JsonException>(() => Rewrite(Encoding.UTF8.GetBytes(stored), int.MaxValue, new UrlEdits(), out _));

    private static byte[] Rewrite(byte[] stored, int segment, IDramaPartEdits edits, out DramaSummary summary)
    {
        using var output = new MemoryStream();
        summary = DramaPartRewriter.Rewrite(Segmented(stored, segment), output, "d1", Now, edits);
        return output.ToArray();
    }

    /// <summary>The edits as the typed path applies them: to the drama read whole.</summary>
    private static void EditWhole(Drama drama, IDramaPartEdits edits)
    {
        foreach (var character in drama.Characters.Where(character => edits.EditsCharacter(character.Id)))
        {
            edits.EditCharacter(character);
        }
        foreach (var episode in drama.Episodes)
        {
            if (edits.EditsEpisode(episode.Id))
            {
                edits.EditEpisode(episode);
            }
            foreach (var scene in episode.Scenes.Where(scene => edits.EditsScene(episode.Id, scene.Id)))
            {
                edits.EditScene(episode.Id, scene);
            }
        }
    }

    private static UrlEdits RandomEdits(Random random, Drama drama)
    {
        var edits = new UrlEdits();
        edits.Characters.UnionWith(drama.Characters.Where(_ => random.Next(3) == 0).Select(character => character.Id));
        edits.Episodes.UnionWith(drama.Episodes.Where(_ => random.Next(3) == 0).Select(episode => episode.Id));
        edits.Scenes.UnionWith(drama.Episodes.SelectMany(episode => episode.Scenes.Where(_ => random.Next(3) == 0)
            .Select(scene => (episode.Id, scene.Id))));
        // At least one of each, so every path is taken whatever the seed.
        edits.Characters.Add(drama.Characters[^1].Id);
        edits.Episodes.Add(drama.Episodes[^1].Id);
        edits.Scenes.Add((drama.Episodes[0].Id, drama.Episodes[0].Scenes[^1].Id));
        return edits;
    }

    /// <summary>A drama with every optional part somewhere, text that the writer escapes, and media on some parts.</summary>
    private static Drama RandomDrama(Random random)
    {
        string Text() => random.Next(4) switch
        {
            0 => "Mara says \"no\" <twice> & leaves",
            1 => "Élodie à l'aube, 灯台, 🌊",
            2 => new string('x', random.Next(0, 300)),
            _ => $"line {random.Next()}\n\ttabbed",
        };
        string? Url(string kind) => random.Next(2) == 0 ? null : $"/files/{kind}/{random.Next()}.png";
        List<DramaAsset> Assets(string tag) => Enumerable.Range(1, random.Next(0, 3)).Select(a => new DramaAsset
        {
            Id = $"a{a:D3}", Tag = tag, Prompt = Text(), DependsOn = ["c001"], Url = Url("asset"),
            DurationSeconds = random.Next(2) == 0 ? null : random.Next(1, 20),
            Mode = random.Next(2) == 0 ? null : ClipModes.FirstLast,
        }).ToList();
        var characters = Enumerable.Range(1, random.Next(2, 6)).Select(c => new Character
        {
            Id = $"c{c:D3}", Name = Text(), Description = Text(), Voice = random.Next(2) == 0 ? null : "alloy", ImageUrl = Url("char"),
            Views = random.Next(2) == 0 ? null : new Dictionary<string, string> { ["side"] = "/files/side.png" },
            Assets = Assets("audition"),
        }).ToList();
        var episodes = Enumerable.Range(1, random.Next(2, 5)).Select(e => new Episode
        {
            Id = $"e{e:D3}", Title = Text(), Synopsis = Text(),
            PosterUrl = Url("poster"), DurationSeconds = random.Next(2) == 0 ? null : random.NextDouble() * 100,
            Scenes = Enumerable.Range(1, random.Next(2, 8)).Select(s => new Scene
            {
                Id = $"s{s:D3}", Title = Text(), Description = Text(), Location = Text(), Characters = ["c001"],
                ImageUrl = Url("scene"), Assets = Assets("clip"), DurationSeconds = random.Next(2) == 0 ? null : 4.5,
                Lines = Enumerable.Range(1, random.Next(0, 4)).Select(l => new Line
                {
                    Id = $"l{l:D3}", Speaker = "c001", Text = Text(), AudioUrl = Url("line"),
                }).ToList(),
                EndFrame = random.Next(2) == 0 ? null : new EndFrame { Prompt = Text(), DependsOn = ["c001"] },
                TransitionFrame = random.Next(2) == 0 ? null : new TransitionFrame { Prompt = Text() },
            }).ToList(),
        }).ToList();
        return new Drama
        {
            Id = "d1", Title = Text(), Premise = Text(), Synopsis = Text(), Style = Text(),
            CreatedAt = Now.AddDays(-1), UpdatedAt = Now.AddHours(-1), Transition = random.Next(2) == 0 ? null : "fade",
            Characters = characters, Episodes = episodes,
        };
    }

    private static ReadOnlySequence<byte> Segmented(byte[] bytes, int size)
    {
        if (size >= bytes.Length)
        {
            return new ReadOnlySequence<byte>(bytes);
        }
        var first = new Segment(bytes.AsMemory(0, size), 0);
        var last = first;
        for (var start = size; start < bytes.Length; start += size)
        {
            last = last.Append(bytes.AsMemory(start, Math.Min(size, bytes.Length - start)));
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    /// <summary>Sets a url on each part it names, one it can tell from the part's id, and counts what it edited.</summary>
    private sealed class UrlEdits : IDramaPartEdits
    {
        public HashSet<string> Characters { get; } = [];

        public HashSet<string> Episodes { get; } = [];

        public HashSet<(string, string)> Scenes { get; } = [];

        public int Applied { get; private set; }

        public bool EditsCharacter(string characterId) => Characters.Contains(characterId);

        public bool EditsEpisode(string episodeId) => Episodes.Contains(episodeId);

        public bool EditsScene(string episodeId, string sceneId) => Scenes.Contains((episodeId, sceneId));

        public void EditCharacter(Character character)
        {
            Applied++;
            character.ImageUrl = $"/files/char/{character.Id}.png";
            (character.Views ??= [])["full_body"] = $"/files/full/{character.Id}.png";
        }

        public void EditEpisode(Episode episode)
        {
            Applied++;
            episode.CutUrl = $"/files/cut/{episode.Id}.mp4";
            episode.DurationSeconds = 61.5;
        }

        public void EditScene(string episodeId, Scene scene)
        {
            Applied++;
            scene.ImageUrl = $"/files/scene/{scene.Id}.png";
            if (scene.Lines.FirstOrDefault() is { } line)
            {
                line.AudioUrl = $"/files/line/{episodeId}/{scene.Id}.wav";
                line.DurationSeconds = 1.25;
            }
            if (scene.EndFrame is { } end)
            {
                end.ImageUrl = "/files/end.png";
            }
        }
    }
}
