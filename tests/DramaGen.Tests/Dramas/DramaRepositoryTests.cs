using DramaGen.Configuration;
using DramaGen.Dramas;
using DramaGen.Storage;
using DramaGen.Tests.Storage;
using Microsoft.Extensions.Options;

namespace DramaGen.Tests.Dramas;

/// <summary>
/// Two repositories on one store are two instances of the service: each has its own in-process lock, so only the
/// store's conditional put keeps one's edit from overwriting the other's. Run on each store by a subclass.
/// </summary>
public abstract class DramaRepositoryTests
{
    private readonly InterleavingStore _interleaved;
    private readonly DramaRepository _here;
    private readonly DramaRepository _elsewhere;

    protected DramaRepositoryTests(IObjectStore shared)
    {
        _interleaved = new InterleavingStore(shared);
        _here = new DramaRepository(_interleaved, new DramaIndex(_interleaved), TimeProvider.System);
        _elsewhere = new DramaRepository(shared, new DramaIndex(shared), TimeProvider.System);
    }

    [Fact]
    public async Task An_edit_overtaken_by_another_instance_is_applied_again_to_what_it_wrote()
    {
        await _here.CreateAsync(new Drama { Id = "d1", Title = "Old", Premise = "P" });
        var attempts = 0;
        _interleaved.BeforeEachPut = async () =>
        {
            _interleaved.BeforeEachPut = null;
            await _elsewhere.UpdateAsync("d1", drama => drama.Premise = "Edited elsewhere");
        };

        var written = await _here.UpdateAsync("d1", drama => { attempts++; drama.Title = "Edited here"; });

        var stored = (await _here.GetAsync("d1"))!;
        Assert.Equal(2, attempts);
        Assert.Equal("Edited here", stored.Drama.Title);
        Assert.Equal("Edited elsewhere", stored.Drama.Premise);
        Assert.Equal(written.ETag, stored.ETag);
    }

    [Fact]
    public async Task Edits_to_parts_overtaken_by_another_instance_are_applied_again_to_what_it_wrote_and_listed()
    {
        await _here.CreateAsync(new Drama
        {
            Id = "d1", Title = "Old", Premise = "P",
            Characters = [new Character { Id = "c001", Name = "Mara" }, new Character { Id = "c002", Name = "Tobias" }],
        });
        _interleaved.BeforeEachPut = async () =>
        {
            _interleaved.BeforeEachPut = null;
            await _elsewhere.UpdateAsync("d1", drama => { drama.Title = "Edited elsewhere"; drama.Characters[0].Name = "Mara B."; });
        };
        var edits = new PortraitEdit("c001", "/files/c001.png");

        await _here.PatchPartsAsync("d1", edits);

        var stored = (await _here.GetAsync("d1"))!.Drama;
        Assert.Equal(2, edits.Applied);
        Assert.Equal("/files/c001.png", stored.Characters[0].ImageUrl);
        Assert.Equal("Mara B.", stored.Characters[0].Name);
        Assert.Equal("Edited elsewhere", stored.Title);
        Assert.Null(stored.Characters[1].ImageUrl);
        var listed = Assert.Single((await _here.ListAsync(10, 0)).Items);
        Assert.Equal(("Edited elsewhere", stored.UpdatedAt, 2), (listed.Title, listed.UpdatedAt, listed.CharacterCount));
    }

    [Fact]
    public async Task Edits_to_parts_of_a_missing_drama_are_not_found()
    {
        await Assert.ThrowsAsync<DramaNotFoundException>(() => _here.PatchPartsAsync("nope", new PortraitEdit("c001", "/files/x.png")));
    }

    [Fact]
    public async Task A_client_if_match_still_refuses_an_edit_once_another_instance_changed_the_drama()
    {
        var created = await _here.CreateAsync(new Drama { Id = "d1", Title = "Old", Premise = "P" });
        _interleaved.BeforeEachPut = async () =>
        {
            _interleaved.BeforeEachPut = null;
            await _elsewhere.UpdateAsync("d1", drama => drama.Premise = "Edited elsewhere");
        };

        await Assert.ThrowsAsync<DramaPreconditionFailedException>(
            () => _here.UpdateAsync("d1", drama => drama.Title = "Edited here", created.ETag));

        var stored = (await _here.GetAsync("d1"))!.Drama;
        Assert.Equal("Old", stored.Title);
        Assert.Equal("Edited elsewhere", stored.Premise);
    }

    [Fact]
    public async Task An_edit_overtaken_every_time_gives_up_after_the_bound_and_stores_nothing_of_it()
    {
        await _here.CreateAsync(new Drama { Id = "d1", Title = "Old", Premise = "P" });
        var elsewhereEdits = 0;
        _interleaved.BeforeEachPut = async () =>
        {
            var edit = ++elsewhereEdits;
            await _elsewhere.UpdateAsync("d1", drama => drama.Premise = $"Edit {edit} elsewhere");
        };

        var contended = await Assert.ThrowsAsync<DramaWriteContendedException>(
            () => _here.UpdateAsync("d1", drama => drama.Title = "Edited here"));

        _interleaved.BeforeEachPut = null;
        Assert.Contains("Retry", contended.Message);
        // Each attempt's put was refused after one more edit elsewhere landed; none of this edit did.
        Assert.Equal(DramaRepository.MaxWriteAttempts, elsewhereEdits);
        var stored = (await _here.GetAsync("d1"))!.Drama;
        Assert.Equal("Old", stored.Title);
        Assert.Equal($"Edit {DramaRepository.MaxWriteAttempts} elsewhere", stored.Premise);
    }

    [Fact]
    public async Task Creating_a_drama_another_instance_created_meanwhile_is_a_conflict_that_keeps_theirs()
    {
        _interleaved.BeforeEachPut = async () =>
        {
            _interleaved.BeforeEachPut = null;
            await _elsewhere.CreateAsync(new Drama { Id = "d1", Title = "Theirs", Premise = "P" });
        };

        await Assert.ThrowsAsync<DramaExistsException>(() => _here.CreateAsync(new Drama { Id = "d1", Title = "Mine", Premise = "P" }));

        Assert.Equal("Theirs", (await _here.GetAsync("d1"))!.Drama.Title);
    }

    [Fact]
    public async Task The_listing_shows_the_last_edit_when_an_older_edits_summary_lands_after_it()
    {
        await _here.CreateAsync(new Drama { Id = "d1", Title = "Old", Premise = "P" });
        // This edit is stored first; its listing summary is put only after an edit elsewhere was stored and listed.
        _interleaved.BeforeEachIndexPut = async () =>
        {
            _interleaved.BeforeEachIndexPut = null;
            await _elsewhere.UpdateAsync("d1", drama => drama.Title = "Edited elsewhere");
        };

        await _here.UpdateAsync("d1", drama => drama.Title = "Edited here");

        Assert.Equal("Edited elsewhere", (await _elsewhere.GetAsync("d1"))!.Drama.Title);
        Assert.Equal(["Edited elsewhere"], (await _elsewhere.ListAsync(limit: 10, offset: 0)).Items.Select(item => item.Title));
    }

    [Fact]
    public async Task A_summary_that_lands_after_the_drama_was_deleted_elsewhere_is_removed()
    {
        await _here.CreateAsync(new Drama { Id = "d1", Title = "Old", Premise = "P" });
        _interleaved.BeforeEachIndexPut = async () =>
        {
            _interleaved.BeforeEachIndexPut = null;
            Assert.True(await _elsewhere.DeleteAsync("d1"));
        };

        await _here.UpdateAsync("d1", drama => drama.Title = "Edited here");

        Assert.Null(await _elsewhere.GetAsync("d1"));
        Assert.Empty((await _elsewhere.ListAsync(limit: 10, offset: 0)).Items);
    }

    [Fact]
    public async Task A_delete_with_if_match_overtaken_by_an_edit_elsewhere_deletes_nothing_and_keeps_the_edit_listed()
    {
        var created = await _here.CreateAsync(new Drama { Id = "d1", Title = "Old", Premise = "P" });
        // Checked against the version read, then another instance's edit lands before the drama itself is deleted.
        _interleaved.BeforeDramaDelete = async () =>
        {
            _interleaved.BeforeDramaDelete = null;
            await _elsewhere.UpdateAsync("d1", drama => drama.Title = "Edited elsewhere");
        };

        await Assert.ThrowsAsync<DramaPreconditionFailedException>(() => _here.DeleteAsync("d1", created.ETag));

        Assert.Equal("Edited elsewhere", (await _elsewhere.GetAsync("d1"))!.Drama.Title);
        Assert.Equal(["Edited elsewhere"], (await _elsewhere.ListAsync(limit: 10, offset: 0)).Items.Select(item => item.Title));
    }

    [Fact]
    public async Task A_delete_with_the_current_if_match_deletes_the_drama_and_its_listing()
    {
        var created = await _here.CreateAsync(new Drama { Id = "d1", Title = "Old", Premise = "P" });

        Assert.True(await _here.DeleteAsync("d1", created.ETag));

        Assert.Null(await _elsewhere.GetAsync("d1"));
        Assert.Empty((await _elsewhere.ListAsync(limit: 10, offset: 0)).Items);
    }

    private sealed class PortraitEdit(string characterId, string url) : IDramaPartEdits
    {
        public int Applied { get; private set; }

        public bool EditsCharacter(string id) => id == characterId;

        public void EditCharacter(Character character)
        {
            Applied++;
            character.ImageUrl = url;
        }

        public bool EditsEpisode(string episodeId) => false;

        public void EditEpisode(Episode episode) => throw new InvalidOperationException("No episode is edited.");

        public bool EditsScene(string episodeId, string sceneId) => false;

        public void EditScene(string episodeId, Scene scene) => throw new InvalidOperationException("No scene is edited.");
    }

    /// <summary>
    /// Runs <see cref="BeforeEachPut"/> (another instance's write) just before each of its own puts of a drama,
    /// <see cref="BeforeEachIndexPut"/> before each put of a listing summary, and <see cref="BeforeDramaDelete"/> before
    /// each delete of a drama document.
    /// </summary>
    private sealed class InterleavingStore(IObjectStore inner) : DelegatingObjectStore(inner)
    {
        public Func<Task>? BeforeEachPut { get; set; }

        public Func<Task>? BeforeEachIndexPut { get; set; }

        public Func<Task>? BeforeDramaDelete { get; set; }

        protected override async Task<bool> DeleteThroughAsync(string key, Func<Task<bool>> delete)
        {
            if (key.EndsWith("/drama.json", StringComparison.Ordinal) && BeforeDramaDelete is { } before)
            {
                await before();
            }
            return await delete();
        }

        protected override Task<StoredObjectInfo> PutThroughAsync(Func<Task<StoredObjectInfo>> put) => put();

        protected override async Task<StoredObjectInfo> PutThroughAsync(string key, Func<Task<StoredObjectInfo>> put)
        {
            if ((key.StartsWith("dramas-index/", StringComparison.Ordinal) ? BeforeEachIndexPut : BeforeEachPut) is { } before)
            {
                await before();
            }
            return await put();
        }
    }
}

/// <summary>Instances sharing one STORAGE_DIR.</summary>
public sealed class LocalDramaRepositoryTests : DramaRepositoryTests, IDisposable
{
    private readonly string _root;

    public LocalDramaRepositoryTests() : this(Directory.CreateTempSubdirectory("dramagen-repo-").FullName)
    {
    }

    private LocalDramaRepositoryTests(string root) : base(new LocalObjectStore(Options.Create(new StorageOptions { StorageDir = root }))) =>
        _root = root;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Instances sharing one bucket; s3rver ignores write conditions, so through the layer enforcing them as S3 and R2 do.</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3DramaRepositoryTests : DramaRepositoryTests, IDisposable
{
    private readonly S3ObjectStore _store;

    public S3DramaRepositoryTests(S3rverFixture s3rver) : this(S3ObjectStoreTests.Create(s3rver.EnforcingOptions(S3rverFixture.NewBucket())))
    {
    }

    private S3DramaRepositoryTests(S3ObjectStore store) : base(store) => _store = store;

    public void Dispose() => _store.Dispose();
}
