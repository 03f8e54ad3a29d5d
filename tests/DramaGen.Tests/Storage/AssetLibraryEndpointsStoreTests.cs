using System.Text.Json.Nodes;
using DramaGen.Tests.Storage.Assets;

namespace DramaGen.Tests.Storage;

public sealed class LocalAssetLibraryEndpointsTests : AssetLibraryEndpointsTests
{
    protected override DramaGenApplication CreateApp(IDictionary<string, string?>? settings = null) => new(settings);
}

[Collection(S3rverCollection.Name)]
public sealed class S3AssetLibraryEndpointsTests(S3rverFixture s3rver) : AssetLibraryEndpointsTests
{
    protected override DramaGenApplication CreateApp(IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["R2_ENDPOINT"] = s3rver.Endpoint, ["R2_ACCESS_KEY_ID"] = "S3RVER", ["R2_SECRET_ACCESS_KEY"] = "S3RVER",
            ["R2_BUCKET"] = S3rverFixture.NewBucket(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return new DramaGenApplication(all);
    }

    [Fact]
    public async Task The_public_url_of_an_upload_is_a_working_presigned_url()
    {
        await using var app = CreateApp();
        var png = await MediaSamples.GetAsync("png");
        var created = await UploadAsync(app.CreateClient(), png, "a.png", ("project_name", "p"), ("asset_type", "image"));

        using var http = new HttpClient();
        Assert.Equal(png, await http.GetByteArrayAsync((string)created["public_url"]!));
    }

    [Fact]
    public async Task With_R2_PUBLIC_URL_the_public_url_is_that_base_plus_the_key()
    {
        await using var app = CreateApp(new Dictionary<string, string?> { ["R2_PUBLIC_URL"] = "https://pub-abc.r2.dev" });
        var created = await UploadAsync(app.CreateClient(), "hi"u8.ToArray(), "a.txt", ("project_name", "p"), ("asset_type", "text"), ("asset_id", "t1"));

        Assert.Equal("https://pub-abc.r2.dev/10000/p/assets/t1.txt", (string?)created["public_url"]);
    }
}
