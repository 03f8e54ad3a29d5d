using DramaGen.Configuration;
using DramaGen.Dramas;
using DramaGen.Storage;
using DramaGen.Tests.Storage;
using Microsoft.Extensions.Options;

namespace DramaGen.Tests.Dramas;

/// <summary>
/// Two repositories on one store are two instances of the service: each has its own in-process lock, so only the
/// store's conditional put keeps one's edit from overwriting the other's.
/// </summary>
public sealed class DramaRepositoryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dramagen-repo-").FullName;
    private readonly LocalObjectStore _store;
    private readonly InterleavingStore _interleaved;
    private readonly DramaRepository _here;
    private readonly DramaRepository _elsewhere;

    public DramaRepositoryTests()
    {
        _store = new LocalObjectStore(Options.Create(new StorageOptions { StorageDir = _root }));
        _interleaved = new InterleavingStore(_store);
        _here = new DramaRepository(_interleaved, new DramaIndex(_interleaved), TimeProvider.System);
        _elsewhere = new DramaRepository(_store, new DramaIndex(_store), TimeProvider.System);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
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

    /// <summary>Runs <see cref="BeforeEachPut"/> (another instance's write) just before each of its own puts.</summary>
    private sealed class InterleavingStore(IObjectStore inner) : DelegatingObjectStore(inner)
    {
        public Func<Task>? BeforeEachPut { get; set; }

        protected override async Task<StoredObjectInfo> PutThroughAsync(Func<Task<StoredObjectInfo>> put)
        {
            if (BeforeEachPut is { } before)
            {
                await before();
            }
            return await put();
        }
    }
}
