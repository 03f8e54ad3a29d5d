using DramaGen.Configuration;
using DramaGen.Storage;
using Microsoft.Extensions.Options;

namespace DramaGen.Tests.Storage;

public sealed class LocalObjectStoreTests : ObjectStoreContractTests, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"dramagen-local-{Guid.NewGuid():N}");
    private readonly LocalObjectStore _store;

    public LocalObjectStoreTests() => _store = CreateStore();

    protected override IObjectStore Store => _store;

    [Fact]
    public async Task Same_length_rewrites_in_quick_succession_still_conflict()
    {
        // File times are too coarse to tell these apart; the ETag is the content hash.
        var first = await _store.PutAsync("quick.txt", "aaaa"u8.ToArray(), "text/plain");
        await _store.PutAsync("quick.txt", "bbbb"u8.ToArray(), "text/plain");

        await Assert.ThrowsAsync<StoreConflictException>(
            () => _store.PutAsync("quick.txt", "cccc"u8.ToArray(), "text/plain", ifMatch: first.ETag));
    }

    [Fact]
    public async Task Of_many_writers_holding_the_same_etag_exactly_one_wins()
    {
        var start = await _store.PutAsync("race.txt", "0"u8.ToArray(), "text/plain");

        var outcomes = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            Wins(() => _store.PutAsync("race.txt", new[] { (byte)('a' + i) }, "text/plain", ifMatch: start.ETag))));

        Assert.Equal(1, outcomes.Count(won => won));
    }

    [Fact]
    public async Task Of_writers_in_separate_stores_on_one_directory_exactly_one_wins_each_round()
    {
        // Each store has its own in-process lock, as each process sharing STORAGE_DIR has: only the file lock orders them.
        var stores = Enumerable.Range(0, 8).Select(_ => CreateStore()).ToList();
        var start = await _store.PutAsync("shared/race.txt", "0"u8.ToArray(), "text/plain");
        var created = await Task.WhenAll(stores.Select((store, i) => Wins(() => store.PutAsync(
            "shared/new.txt", new[] { (byte)('a' + i) }, "text/plain", ifAbsent: true))));

        var outcomes = await Task.WhenAll(stores.Select((store, i) => Wins(() => store.PutAsync(
            "shared/race.txt", new[] { (byte)('a' + i) }, "text/plain", ifMatch: start.ETag))));

        Assert.Equal(1, outcomes.Count(won => won));
        Assert.Equal(1, created.Count(won => won));
        var winner = outcomes.ToList().IndexOf(true);
        Assert.Equal(new[] { (byte)('a' + winner) }, (await _store.GetAsync("shared/race.txt"))!.Content);
    }

    private static async Task<bool> Wins(Func<Task> put)
    {
        try
        {
            await put();
            return true;
        }
        catch (StoreConflictException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Objects_are_plain_files_under_the_storage_directory_without_leftover_temp_files()
    {
        await _store.PutAsync("u/p/assets/x.txt", "hi"u8.ToArray(), "text/plain");

        Assert.Equal("hi", await File.ReadAllTextAsync(Path.Combine(_root, "u", "p", "assets", "x.txt")));
        // Beside the object only the store's lock file at its root, which is never deleted (DirectoryLock says why).
        Assert.Equal([Path.Combine(_root, "u", "p", "assets", "x.txt"), Path.Combine(_root, ".lock")],
            Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).OrderDescending(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Dot_files_in_the_directory_are_not_listed()
    {
        await _store.PutAsync("d/visible.txt", "v"u8.ToArray(), "text/plain");
        await File.WriteAllTextAsync(Path.Combine(_root, "d", ".visible.txt.123.tmp"), "half written");

        Assert.Equal(["d/visible.txt"], (await ListAsync("d/")).Select(i => i.Key));
    }

    [Fact]
    public async Task Get_of_a_key_that_is_a_directory_is_null()
    {
        await _store.PutAsync("dir/file.txt", "x"u8.ToArray(), "text/plain");

        Assert.Null(await _store.GetAsync("dir"));
        Assert.Null(await _store.HeadAsync("dir"));
    }

    [Fact]
    public void Public_urls_point_at_the_files_route_with_escaped_segments()
    {
        Assert.Equal("/files/10000/drama_1/assets/a%20b%2B%28c%29.png", _store.GetPublicUrl("10000/drama_1/assets/a b+(c).png"));

        var absolute = CreateStore("https://dramagen.example/");
        Assert.Equal("https://dramagen.example/files/u/%C3%A9.png", absolute.GetPublicUrl("u/é.png"));
    }

    [Fact]
    public async Task Health_check_fails_when_the_directory_is_gone()
    {
        Directory.Delete(_root, recursive: true);

        await Assert.ThrowsAnyAsync<IOException>(() => _store.CheckHealthAsync());
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private LocalObjectStore CreateStore(string? publicBaseUrl = null) =>
        new(Options.Create(new StorageOptions { StorageDir = _root, PublicBaseUrl = publicBaseUrl }));
}
