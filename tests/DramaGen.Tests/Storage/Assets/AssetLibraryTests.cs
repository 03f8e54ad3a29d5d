using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DramaGen.Configuration;
using DramaGen.Storage;
using DramaGen.Storage.Assets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DramaGen.Tests.Storage.Assets;

/// <summary>The asset library's behaviour, run on the local store and on s3rver by the subclasses below.</summary>
public abstract class AssetLibraryTests
{
    protected readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
    private AssetLibrary? _library;

    protected abstract IObjectStore Store { get; }

    protected AssetLibrary Library => _library ??= new AssetLibrary(Store, Options.Create(new ServiceOptions { DefaultUserId = "10000" }),
        Clock, NullLogger<AssetLibrary>.Instance);

    [Fact]
    public async Task Upload_stores_the_bytes_and_snake_case_metadata_at_the_contract_keys()
    {
        var png = await MediaSamples.GetAsync("png");

        var metadata = await Library.UploadAsync(new AssetUpload
        {
            ProjectName = "drama_1", AssetId = "char_c001", Content = new MemoryStream(png), AssetType = AssetType.Image, Tag = "character",
            Metadata = new AssetProvenance { JobId = "job_1", Prompt = "Mara, lantern keeper", Source = "ai_generation" },
        });

        Assert.Equal("10000/drama_1/assets/char_c001.png", metadata.R2Key);
        // Presigned URLs carry their seconds to expiry, so compare what comes before the query.
        Assert.Equal(Store.GetPublicUrl("10000/drama_1/assets/char_c001.png").Split('?')[0], metadata.PublicUrl.Split('?')[0]);
        Assert.Equal(("char_c001.png", MediaTypes.Png, png.Length), (metadata.Filename, metadata.ContentType, metadata.SizeBytes));
        Assert.Equal(Clock.GetUtcNow(), metadata.CreatedAt);
        Assert.Equal(png, (await Store.GetAsync("10000/drama_1/assets/char_c001.png"))!.Content);

        var stored = JsonNode.Parse((await Store.GetAsync("10000/drama_1/assets/char_c001_metadata.json"))!.Content)!;
        Assert.Equal("char_c001", (string?)stored["asset_id"]);
        Assert.Equal("10000", (string?)stored["user_id"]);
        Assert.Equal("drama_1", (string?)stored["project_name"]);
        Assert.Equal("image", (string?)stored["asset_type"]);
        Assert.Equal("character", (string?)stored["tag"]);
        Assert.Equal(png.Length, (long?)stored["size_bytes"]);
        Assert.Equal("image/png", (string?)stored["content_type"]);
        Assert.Equal("job_1", (string?)stored["metadata"]!["job_id"]);
        Assert.Equal("ai_generation", (string?)stored["metadata"]!["source"]);
        Assert.NotNull(stored["created_at"]);
        Assert.NotNull(stored["public_url"]);
    }

    [Fact]
    public async Task Get_returns_bytes_type_and_metadata_and_missing_assets_are_null()
    {
        var uploaded = await UploadTextAsync("p1", "notes", "hello");

        var asset = await Library.GetAsync(null, "p1", "notes");

        Assert.NotNull(asset);
        await using (asset.Content)
        {
            using var bytes = new MemoryStream();
            await asset.Content.CopyToAsync(bytes);
            Assert.Equal("hello"u8.ToArray(), bytes.ToArray());
        }
        Assert.Equal(MediaTypes.Text, asset.ContentType);
        Assert.Equal(uploaded with { PublicUrl = "" }, asset.Metadata with { PublicUrl = "" });
        Assert.Null(await Library.GetAsync(null, "p1", "other"));
        Assert.Null(await Library.GetMetadataAsync("20000", "p1", "notes"));
    }

    [Fact]
    public async Task List_filters_by_project_type_and_tag_newest_first()
    {
        await UploadTextAsync("p1", "a", "first", tag: "script");
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Library.UploadAsync(new AssetUpload { ProjectName = "p1", AssetId = "img", Content = new MemoryStream(await MediaSamples.GetAsync("png")), AssetType = AssetType.Image, Tag = "storyboard" });
        Clock.Advance(TimeSpan.FromMinutes(1));
        await UploadTextAsync("p2", "b", "second", tag: "script");
        await UploadTextAsync("p3", "c", "other user", userId: "20000");

        Assert.Equal(["b", "img", "a"], (await Library.ListAsync()).Select(m => m.AssetId));
        Assert.Equal(["img", "a"], (await Library.ListAsync(projectName: "p1")).Select(m => m.AssetId));
        Assert.Equal(["b", "a"], (await Library.ListAsync(assetType: AssetType.Text)).Select(m => m.AssetId));
        Assert.Equal(["img"], (await Library.ListAsync(tag: "storyboard")).Select(m => m.AssetId));
        Assert.Equal(["c"], (await Library.ListAsync(userId: "20000")).Select(m => m.AssetId));
        Assert.Empty(await Library.ListAsync(projectName: "nothing"));
    }

    [Fact]
    public async Task Uploading_again_in_another_format_replaces_the_old_file()
    {
        await Library.UploadAsync(new AssetUpload { ProjectName = "p", AssetId = "portrait", Content = new MemoryStream(await MediaSamples.GetAsync("png")), AssetType = AssetType.Image, Tag = "character" });

        var replaced = await Library.UploadAsync(new AssetUpload { ProjectName = "p", AssetId = "portrait", Content = new MemoryStream(await MediaSamples.GetAsync("webp")), AssetType = AssetType.Image, Tag = "character" });

        Assert.Equal("10000/p/assets/portrait.webp", replaced.R2Key);
        Assert.Equal(["10000/p/assets/portrait.webp", "10000/p/assets/portrait_metadata.json"], await KeysAsync("10000/p/"));
        Assert.Equal(MediaTypes.Webp, (await Library.GetAsync(null, "p", "portrait"))!.ContentType);
    }

    [Fact]
    public async Task Delete_removes_bytes_and_metadata_once()
    {
        await UploadTextAsync("p", "gone", "bye");

        Assert.True(await Library.DeleteAsync(null, "p", "gone"));

        Assert.Empty(await KeysAsync("10000/p/"));
        Assert.False(await Library.DeleteAsync(null, "p", "gone"));
    }

    [Fact]
    public async Task Delete_project_removes_only_that_project()
    {
        await UploadTextAsync("doomed", "a", "1");
        await UploadTextAsync("doomed", "b", "2");
        await UploadTextAsync("kept", "c", "3");

        Assert.Equal(2, await Library.DeleteProjectAsync(null, "doomed"));

        Assert.Empty(await KeysAsync("10000/doomed/"));
        Assert.Equal(["c"], (await Library.ListAsync()).Select(m => m.AssetId));
    }

    [Fact]
    public async Task Generated_ids_are_fresh_and_provenance_keeps_extra_fields()
    {
        var extra = new Dictionary<string, JsonElement> { ["level"] = JsonSerializer.SerializeToElement(2) };

        var first = await Library.UploadAsync(new AssetUpload { ProjectName = "p", Content = new MemoryStream("one"u8.ToArray()), AssetType = AssetType.Text, Tag = "t", Metadata = new() { Extra = extra } });
        var second = await Library.UploadAsync(new AssetUpload { ProjectName = "p", Content = new MemoryStream("two"u8.ToArray()), AssetType = AssetType.Text, Tag = "t" });

        Assert.NotEqual(first.AssetId, second.AssetId);
        var read = await Library.GetMetadataAsync(null, "p", first.AssetId);
        Assert.Equal(2, read!.Metadata.Extra!["level"].GetInt32());
    }

    [Theory]
    [InlineData("../x", "p", "a")]
    [InlineData("u", "a/b", "a")]
    [InlineData("u", "p", "..")]
    [InlineData("u", "p", "x_metadata")]
    [InlineData("u", "p", "list")]
    [InlineData("", "p", "a")]
    public async Task Ids_that_could_escape_their_folder_are_rejected(string userId, string projectName, string assetId)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Library.UploadAsync(new AssetUpload
        {
            UserId = userId, ProjectName = projectName, AssetId = assetId, Content = new MemoryStream("x"u8.ToArray()), AssetType = AssetType.Text, Tag = "t",
        }));
        await Assert.ThrowsAsync<ArgumentException>(() => Library.GetAsync(userId, projectName, assetId));
        await Assert.ThrowsAsync<ArgumentException>(() => Library.DeleteAsync(userId, projectName, assetId));
        Assert.Empty(await KeysAsync(""));
    }

    [Fact]
    public async Task Rejected_content_stores_nothing()
    {
        await Assert.ThrowsAsync<AssetRejectedException>(() => Library.UploadAsync(new AssetUpload
        {
            ProjectName = "p", AssetId = "fake", Content = new MemoryStream(Encoding.UTF8.GetBytes("not a png")), AssetType = AssetType.Image, Tag = "t", Filename = "fake.png",
        }));

        Assert.Empty(await KeysAsync(""));
    }

    [Fact]
    public async Task Text_is_checked_to_its_end_past_the_first_piece_and_a_refusal_stores_nothing()
    {
        // Valid text for megabytes, then a control byte: the head alone would pass.
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("line of text ü\n", 200_000)));
        var corrupt = text.Append((byte)0x01).ToArray();
        await Assert.ThrowsAsync<AssetRejectedException>(() => Library.UploadAsync(new AssetUpload
        {
            ProjectName = "p", AssetId = "corrupt", Content = new MemoryStream(corrupt), AssetType = AssetType.Text, Tag = "t",
        }));
        Assert.Empty(await KeysAsync(""));

        var json = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat("\"ü value\"", 300_000)) + "]");
        var stored = await Library.UploadAsync(new AssetUpload { ProjectName = "p", AssetId = "big", Content = new MemoryStream(json), AssetType = AssetType.Text, Tag = "t" });
        Assert.Equal(MediaTypes.Json, stored.ContentType);
        Assert.Equal(json.Length, stored.SizeBytes);
        Assert.Equal(json, (await Store.GetAsync(stored.R2Key))!.Content);
    }

    [Fact]
    public async Task Unreadable_metadata_is_skipped_not_fatal()
    {
        await UploadTextAsync("p", "good", "fine");
        await Store.PutAsync("10000/p/assets/bad_metadata.json", "{ broken"u8.ToArray(), "application/json");
        // Metadata that points outside its own folder is not followed either.
        var good = JsonNode.Parse((await Store.GetAsync("10000/p/assets/good_metadata.json"))!.Content)!;
        good["asset_id"] = "evil";
        good["r2_key"] = "dramas/d1/drama.json";
        await Store.PutAsync("10000/p/assets/evil_metadata.json", Encoding.UTF8.GetBytes(good.ToJsonString()), "application/json");

        Assert.Equal(["good"], (await Library.ListAsync()).Select(m => m.AssetId));
        Assert.Null(await Library.GetAsync(null, "p", "evil"));
    }

    protected Task<AssetMetadata> UploadTextAsync(string project, string assetId, string text, string tag = "note", string? userId = null) =>
        Library.UploadAsync(new AssetUpload
        {
            UserId = userId, ProjectName = project, AssetId = assetId, Content = new MemoryStream(Encoding.UTF8.GetBytes(text)), AssetType = AssetType.Text, Tag = tag,
        });

    private async Task<List<string>> KeysAsync(string prefix)
    {
        var keys = new List<string>();
        await foreach (var item in Store.ListAsync(prefix))
        {
            keys.Add(item.Key);
        }
        return keys;
    }
}

public sealed class LocalAssetLibraryTests : AssetLibraryTests, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dramagen-assets-").FullName;
    private readonly LocalObjectStore _store;

    public LocalAssetLibraryTests() => _store = new LocalObjectStore(Options.Create(new StorageOptions { StorageDir = _root }));

    protected override IObjectStore Store => _store;

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

[Collection(S3rverCollection.Name)]
public sealed class S3AssetLibraryTests(S3rverFixture s3rver) : AssetLibraryTests, IDisposable
{
    private readonly S3ObjectStore _store = S3ObjectStoreTests.Create(s3rver.Options(S3rverFixture.NewBucket()));

    protected override IObjectStore Store => _store;

    public void Dispose() => _store.Dispose();
}
