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
    public async Task Put_with_a_stale_etag_throws_conflict_and_keeps_the_newer_bytes()
    {
        var first = await _store.PutAsync("cas.json", "1"u8.ToArray(), "application/json");
        await _store.PutAsync("cas.json", "2"u8.ToArray(), "application/json", ifMatch: first.ETag);

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(
            () => _store.PutAsync("cas.json", "3"u8.ToArray(), "application/json", ifMatch: first.ETag));

        Assert.Equal("cas.json", conflict.Key);
        Assert.Equal("2"u8.ToArray(), (await _store.GetAsync("cas.json"))!.Content);
    }

    [Fact]
    public async Task Put_with_an_etag_on_a_missing_key_throws_conflict()
    {
        await Assert.ThrowsAsync<StoreConflictException>(
            () => _store.PutAsync("never.json", "1"u8.ToArray(), "application/json", ifMatch: "\"abc\""));
        Assert.Null(await _store.HeadAsync("never.json"));
    }

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

        var outcomes = await Task.WhenAll(Enumerable.Range(1, 20).Select(async i =>
        {
            try
            {
                await _store.PutAsync("race.txt", new[] { (byte)('a' + i) }, "text/plain", ifMatch: start.ETag);
                return true;
            }
            catch (StoreConflictException)
            {
                return false;
            }
        }));

        Assert.Equal(1, outcomes.Count(won => won));
    }

    [Fact]
    public async Task Objects_are_plain_files_under_the_storage_directory_without_leftover_temp_files()
    {
        await _store.PutAsync("u/p/assets/x.txt", "hi"u8.ToArray(), "text/plain");

        Assert.Equal("hi", await File.ReadAllTextAsync(Path.Combine(_root, "u", "p", "assets", "x.txt")));
        Assert.Single(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories));
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
