using System.Security.Cryptography;
using System.Text;
using DramaGen.Storage;

namespace DramaGen.Tests.Storage;

/// <summary>The behaviour every <see cref="IObjectStore"/> must have; run against each store by a subclass.</summary>
public abstract class ObjectStoreContractTests
{
    protected abstract IObjectStore Store { get; }

    /// <summary>False for s3rver, which escapes '&amp;' and '\'' twice in listings (real S3 and R2 do not).</summary>
    protected virtual bool ListsXmlSpecialCharactersFaithfully => true;

    public static TheoryData<string> UnusualKeys =>
    [
        "with space/file name.txt", "ünïcødé/日本語 ファイル.txt", "plus+sign.txt", "equals=sign==.txt", "at@sign.txt",
        "paren (1).txt", "emoji 😀/ok.txt", "tilde~apostrophe'.txt", "percent%20literal.txt", "amp&hash#question?.txt",
        "comma,semicolon;colon:.txt", "dollar$star*bang!.txt",
    ];

    public static TheoryData<string> InvalidKeys =>
    [
        "", "/leading", "a/../b", "..", "a/./b", "a//b", "trailing/", ".hidden", "a/.b", "back\\slash", "ctrl\u0001char",
        new string('x', 1025), "a/" + new string('y', 201),
    ];

    [Fact]
    public async Task Put_then_get_returns_the_bytes_and_content_type()
    {
        var bytes = "{\"hello\":\"world\"}"u8.ToArray();
        await Store.PutAsync("docs/hello.json", bytes, "application/json");

        var stored = await Store.GetAsync("docs/hello.json");

        Assert.NotNull(stored);
        Assert.Equal(bytes, stored.Content);
        Assert.Equal("application/json", stored.ContentType);
        Assert.Equal("docs/hello.json", stored.Info.Key);
        Assert.Equal(bytes.Length, stored.Info.Size);
    }

    [Fact]
    public async Task Put_from_a_stream_stores_what_follows_its_position()
    {
        var bytes = Enumerable.Range(0, 3_000_000).Select(i => (byte)(i * 7)).ToArray();
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, bytes);
            StoredObjectInfo put;
            await using (var file = File.OpenRead(path))
            {
                file.Position = 100;
                put = await Store.PutAsync("media/streamed.bin", file, "application/octet-stream");
            }

            var stored = await Store.GetAsync("media/streamed.bin");
            Assert.NotNull(stored);
            Assert.Equal(bytes[100..], stored.Content);
            Assert.Equal(bytes.Length - 100, put.Size);
            Assert.Equal(put.ETag, (await Store.HeadAsync("media/streamed.bin"))!.ETag);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Open_read_serves_any_range_by_seeking_and_is_null_for_a_missing_key()
    {
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31)).ToArray();
        await Store.PutAsync("media/big.bin", bytes, "application/octet-stream");

        await using var stream = await Store.OpenReadAsync("media/big.bin");
        Assert.NotNull(stream);
        Assert.True(stream.CanSeek);
        Assert.Equal(bytes.Length, stream.Length);
        var middle = new byte[1_000];
        stream.Seek(150_000, SeekOrigin.Begin);
        await stream.ReadExactlyAsync(middle);
        var start = new byte[10];
        stream.Position = 0;
        await stream.ReadExactlyAsync(start);
        stream.Position = bytes.Length - 5;
        var tail = new byte[10];
        var read = await stream.ReadAtLeastAsync(tail, 10, throwOnEndOfStream: false);

        Assert.Equal(bytes[150_000..151_000], middle);
        Assert.Equal(bytes[..10], start);
        Assert.Equal(5, read);
        Assert.Equal(bytes[^5..], tail[..5]);
        Assert.Null(await Store.OpenReadAsync("media/missing.bin"));
    }

    [Fact]
    public async Task Put_head_and_get_agree_on_size_etag_and_time()
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-5);
        var put = await Store.PutAsync("a/b.txt", "some text"u8.ToArray(), "text/plain");

        var head = await Store.HeadAsync("a/b.txt");
        var get = await Store.GetAsync("a/b.txt");

        Assert.NotNull(head);
        Assert.NotNull(get);
        Assert.Equal(9, head.Size);
        Assert.False(string.IsNullOrEmpty(put.ETag));
        Assert.Equal(put.ETag, head.ETag);
        Assert.Equal(put.ETag, get.Info.ETag);
        Assert.InRange(head.LastModified, before, DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task Copy_to_a_stream_gives_the_bytes_size_and_etag_of_a_get_and_null_for_a_missing_key()
    {
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        var put = await Store.PutAsync("copy/a.bin", bytes, "application/octet-stream");
        using var copy = new MemoryStream();

        var copied = await Store.CopyToAsync("copy/a.bin", copy);

        Assert.NotNull(copied);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal((bytes.Length, put.ETag), (copied.Size, copied.ETag));
        Assert.Equal((await Store.GetAsync("copy/a.bin"))!.Info.ETag, copied.ETag);
        Assert.Null(await Store.CopyToAsync("copy/missing.bin", copy));
        Assert.Equal(bytes.Length, copy.Length);
    }

    [Fact]
    public async Task Missing_keys_give_null_and_false()
    {
        Assert.Null(await Store.GetAsync("nothing/here.txt"));
        Assert.Null(await Store.HeadAsync("nothing/here.txt"));
        Assert.False(await Store.DeleteAsync("nothing/here.txt"));
    }

    [Fact]
    public async Task Delete_removes_the_object_once()
    {
        await Store.PutAsync("gone/soon.txt", "x"u8.ToArray(), "text/plain");

        Assert.True(await Store.DeleteAsync("gone/soon.txt"));

        Assert.Null(await Store.GetAsync("gone/soon.txt"));
        Assert.False(await Store.DeleteAsync("gone/soon.txt"));
        Assert.Empty(await ListAsync("gone/"));
    }

    [Fact]
    public async Task Overwrite_replaces_the_bytes_and_changes_the_etag()
    {
        var first = await Store.PutAsync("doc.txt", "one"u8.ToArray(), "text/plain");
        var second = await Store.PutAsync("doc.txt", "two"u8.ToArray(), "text/plain");

        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal("two"u8.ToArray(), (await Store.GetAsync("doc.txt"))!.Content);
    }

    [Fact]
    public async Task List_returns_the_keys_under_a_prefix_in_byte_order()
    {
        string[] keys = ["p/b.txt", "p/a/c.txt", "p/a/b.txt", "p/a0.txt", "q/x.txt", "pa.txt", "p/é.txt", "p/z.txt"];
        foreach (var key in keys)
        {
            await Store.PutAsync(key, Encoding.UTF8.GetBytes(key), "text/plain");
        }

        // '/' (0x2F) sorts before '0' (0x30), and "é" (0xC3 0xA9 in UTF-8) after "z".
        Assert.Equal(["p/a/b.txt", "p/a/c.txt", "p/a0.txt", "p/b.txt", "p/z.txt", "p/é.txt"], (await ListAsync("p/")).Select(i => i.Key));
        Assert.Equal(["p/a/b.txt", "p/a/c.txt", "p/a0.txt"], (await ListAsync("p/a")).Select(i => i.Key));
        Assert.Equal(keys.Order(StringComparer.Ordinal), (await ListAsync("")).Select(i => i.Key));
        Assert.Empty(await ListAsync("nope/"));
        Assert.Equal(9, (await ListAsync("p/a/b")).Single().Size);
    }

    [Fact]
    public async Task Large_objects_round_trip_intact()
    {
        var bytes = RandomNumberGenerator.GetBytes(20 * 1024 * 1024);
        await Store.PutAsync("big/video.mp4", bytes, "video/mp4");

        var stored = await Store.GetAsync("big/video.mp4");

        Assert.NotNull(stored);
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(stored.Content));
        Assert.Equal(bytes.Length, (await Store.HeadAsync("big/video.mp4"))!.Size);
        Assert.Equal(bytes.Length, (await ListAsync("big/")).Single().Size);
    }

    [Theory]
    [MemberData(nameof(UnusualKeys))]
    public async Task Keys_with_unusual_but_legal_characters_round_trip(string key)
    {
        var bytes = Encoding.UTF8.GetBytes("content of " + key);
        await Store.PutAsync(key, bytes, "text/plain");

        Assert.Equal(bytes, (await Store.GetAsync(key))!.Content);
        Assert.NotNull(await Store.HeadAsync(key));
        if (ListsXmlSpecialCharactersFaithfully || !key.Any(c => c is '&' or '\'' or '"' or '<' or '>'))
        {
            Assert.Equal([key], (await ListAsync("")).Select(i => i.Key));
        }
        Assert.True(await Store.DeleteAsync(key));
        Assert.Null(await Store.GetAsync(key));
    }

    [Theory]
    [MemberData(nameof(InvalidKeys))]
    public async Task Invalid_keys_are_rejected_before_touching_storage(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, "x"u8.ToArray(), "text/plain"));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.GetAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.HeadAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteAsync(key));
        Assert.Throws<ArgumentException>(() => Store.GetPublicUrl(key));
        Assert.Empty(await ListAsync(""));
    }

    [Fact]
    public async Task A_key_with_a_lone_surrogate_is_rejected()
    {
        // Built here: xunit would turn it into U+FFFD when it serialises theory data.
        var key = "lone" + (char)0xD800 + "surrogate.txt";

        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, "x"u8.ToArray(), "text/plain"));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.GetAsync(key));
    }

    [Fact]
    public async Task Put_with_the_current_etag_succeeds()
    {
        var first = await Store.PutAsync("cas.json", "{\"v\":1}"u8.ToArray(), "application/json");

        var second = await Store.PutAsync("cas.json", "{\"v\":2}"u8.ToArray(), "application/json", ifMatch: first.ETag);

        Assert.Equal(second.ETag, (await Store.HeadAsync("cas.json"))!.ETag);
        Assert.Equal("{\"v\":2}"u8.ToArray(), (await Store.GetAsync("cas.json"))!.Content);
    }

    [Fact]
    public async Task Put_with_a_stale_etag_is_refused_and_keeps_the_newer_bytes()
    {
        var first = await Store.PutAsync("cas/stale.json", "{\"v\":1}"u8.ToArray(), "application/json");
        var second = await Store.PutAsync("cas/stale.json", "{\"v\":2}"u8.ToArray(), "application/json", ifMatch: first.ETag);

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(
            () => Store.PutAsync("cas/stale.json", "{\"v\":3}"u8.ToArray(), "application/json", ifMatch: first.ETag));

        Assert.Equal("cas/stale.json", conflict.Key);
        Assert.Equal("{\"v\":2}"u8.ToArray(), (await Store.GetAsync("cas/stale.json"))!.Content);
        Assert.Equal(second.ETag, (await Store.HeadAsync("cas/stale.json"))!.ETag);
    }

    [Fact]
    public async Task Put_with_an_etag_on_a_missing_key_is_refused()
    {
        await Assert.ThrowsAsync<StoreConflictException>(
            () => Store.PutAsync("cas/never.json", "1"u8.ToArray(), "application/json", ifMatch: "\"0123456789abcdef\""));

        Assert.Null(await Store.HeadAsync("cas/never.json"));
    }

    [Fact]
    public async Task Put_if_absent_creates_a_missing_key_and_is_refused_once_it_exists()
    {
        var created = await Store.PutAsync("cas/new.json", "first"u8.ToArray(), "application/json", ifAbsent: true);

        await Assert.ThrowsAsync<StoreConflictException>(
            () => Store.PutAsync("cas/new.json", "second"u8.ToArray(), "application/json", ifAbsent: true));
        await using (var stream = new MemoryStream("third"u8.ToArray()))
        {
            await Assert.ThrowsAsync<StoreConflictException>(
                () => Store.PutAsync("cas/new.json", stream, "application/json", ifAbsent: true));
        }

        Assert.Equal("first"u8.ToArray(), (await Store.GetAsync("cas/new.json"))!.Content);
        Assert.Equal(created.ETag, (await Store.HeadAsync("cas/new.json"))!.ETag);
    }

    [Fact]
    public async Task Delete_if_match_deletes_only_the_version_it_names()
    {
        var first = await Store.PutAsync("cas/doomed.json", "1"u8.ToArray(), "application/json");
        var second = await Store.PutAsync("cas/doomed.json", "2"u8.ToArray(), "application/json", ifMatch: first.ETag);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.DeleteIfMatchAsync("cas/doomed.json", first.ETag!));
        Assert.Equal("2"u8.ToArray(), (await Store.GetAsync("cas/doomed.json"))!.Content);

        Assert.True(await Store.DeleteIfMatchAsync("cas/doomed.json", second.ETag!));
        Assert.Null(await Store.HeadAsync("cas/doomed.json"));
        Assert.False(await Store.DeleteIfMatchAsync("cas/doomed.json", second.ETag!));
    }

    [Fact]
    public async Task Put_if_absent_works_again_after_a_delete()
    {
        await Store.PutAsync("cas/again.json", "1"u8.ToArray(), "application/json", ifAbsent: true);
        await Store.DeleteAsync("cas/again.json");

        await Store.PutAsync("cas/again.json", "2"u8.ToArray(), "application/json", ifAbsent: true);

        Assert.Equal("2"u8.ToArray(), (await Store.GetAsync("cas/again.json"))!.Content);
    }

    [Fact]
    public async Task Both_conditions_at_once_are_a_caller_error_and_store_nothing()
    {
        await Assert.ThrowsAsync<ArgumentException>(
            () => Store.PutAsync("cas/both.json", "1"u8.ToArray(), "application/json", ifMatch: "\"e\"", ifAbsent: true));

        Assert.Null(await Store.HeadAsync("cas/both.json"));
    }

    [Fact]
    public async Task Health_check_passes_on_a_working_store()
    {
        await Store.CheckHealthAsync();
    }

    protected async Task<List<StoredObjectInfo>> ListAsync(string prefix)
    {
        var items = new List<StoredObjectInfo>();
        await foreach (var item in Store.ListAsync(prefix))
        {
            items.Add(item);
        }
        return items;
    }
}
