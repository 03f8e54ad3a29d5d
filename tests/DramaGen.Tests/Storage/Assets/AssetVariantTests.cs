using System.Net;
using System.Text;
using DramaGen.Generation.Media;
using Microsoft.Extensions.DependencyInjection;

namespace DramaGen.Tests.Storage.Assets;

/// <summary>An asset stored in several formats over time (a PNG portrait regenerated as JPEG, replaced by an upload) leaves no old format readable.</summary>
public sealed class AssetVariantTests : IDisposable
{
    private readonly DramaGenApplication _app = new();

    private async Task SaveGeneratedAsync(string contentType, byte[] content) =>
        await _app.Services.GetRequiredService<IGeneratedMediaSink>().SaveAsync(new MediaToSave("u1", "p1", "n1", "image", "character",
            content, contentType, "job_1", "a prompt"));

    private async Task<HttpStatusCode> FileStatusAsync(HttpClient client, string extension) =>
        (await client.GetAsync($"/files/u1/p1/assets/n1.{extension}")).StatusCode;

    [Fact]
    public async Task Deleting_an_asset_deletes_every_stored_format()
    {
        var client = _app.CreateClient();
        await SaveGeneratedAsync("image/png", await MediaSamples.GetAsync("png"));
        await SaveGeneratedAsync("image/jpeg", await MediaSamples.GetAsync("jpg"));
        Assert.Equal(HttpStatusCode.OK, await FileStatusAsync(client, "png")); // the sink keeps the old format: the library must clean up

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/asset-library/n1?user_id=u1&project_name=p1")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, await FileStatusAsync(client, "png"));
        Assert.Equal(HttpStatusCode.NotFound, await FileStatusAsync(client, "jpg"));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_app.StorageDir, "u1", "p1", "assets")));
    }

    [Fact]
    public async Task Replacing_an_asset_deletes_its_other_formats()
    {
        var client = _app.CreateClient();
        await SaveGeneratedAsync("image/png", await MediaSamples.GetAsync("png"));
        await SaveGeneratedAsync("image/jpeg", await MediaSamples.GetAsync("jpg"));

        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Encoding.UTF8.GetBytes("now text")), "file", "n1.txt" },
            { new StringContent("u1"), "user_id" }, { new StringContent("p1"), "project_name" },
            { new StringContent("text"), "asset_type" }, { new StringContent("n1"), "asset_id" },
        };
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/asset-library/upload", form)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, await FileStatusAsync(client, "png"));
        Assert.Equal(HttpStatusCode.NotFound, await FileStatusAsync(client, "jpg"));
        Assert.Equal("now text", await client.GetStringAsync("/files/u1/p1/assets/n1.txt"));
    }

    public void Dispose() => _app.Dispose();
}
