using System.Text;
using DramaGen.Storage.Assets;

namespace DramaGen.Tests.Storage.Assets;

public sealed class AssetContentRulesTests
{
    [Fact]
    public async Task The_bytes_decide_the_type_when_the_claims_agree_or_are_absent()
    {
        var png = await MediaSamples.GetAsync("png");

        Assert.Equal(MediaTypes.Png, AssetContentRules.Resolve(png, AssetType.Image, "image/png", "a.png"));
        Assert.Equal(MediaTypes.Png, AssetContentRules.Resolve(png, AssetType.Image, null, null));
        Assert.Equal(MediaTypes.Png, AssetContentRules.Resolve(png, AssetType.Image, "application/octet-stream", "upload.bin"));
    }

    [Fact]
    public void A_png_that_is_really_text_is_rejected()
    {
        var text = Encoding.UTF8.GetBytes("I am not an image");

        var rejected = Assert.Throws<AssetRejectedException>(() => AssetContentRules.Resolve(text, AssetType.Image, "image/png", "fake.png"));
        Assert.Contains("text/plain", rejected.Message);
    }

    [Fact]
    public async Task Bytes_of_another_asset_type_are_rejected()
    {
        var mp4 = await MediaSamples.GetAsync("mp4");

        Assert.Throws<AssetRejectedException>(() => AssetContentRules.Resolve(mp4, AssetType.Image, null, null));
        Assert.Throws<AssetRejectedException>(() => AssetContentRules.Resolve(Encoding.UTF8.GetBytes("hi"), AssetType.Video, null, null));
    }

    [Fact]
    public async Task A_claim_that_contradicts_the_bytes_is_rejected_even_of_the_same_asset_type()
    {
        var jpeg = await MediaSamples.GetAsync("jpg");

        Assert.Throws<AssetRejectedException>(() => AssetContentRules.Resolve(jpeg, AssetType.Image, "image/png", null));
        Assert.Throws<AssetRejectedException>(() => AssetContentRules.Resolve(jpeg, AssetType.Image, null, "portrait.png"));
        Assert.Equal(MediaTypes.Jpeg, AssetContentRules.Resolve(jpeg, AssetType.Image, "image/jpg", "portrait.jpeg"));
    }

    [Fact]
    public async Task Mp4_and_quicktime_claims_are_interchangeable_and_m4a_is_audio()
    {
        Assert.Equal(MediaTypes.QuickTime, AssetContentRules.Resolve(await MediaSamples.GetAsync("mov"), AssetType.Video, "video/mp4", "clip.mp4"));
        Assert.Equal(MediaTypes.M4a, AssetContentRules.Resolve(await MediaSamples.GetAsync("m4a"), AssetType.Audio, "audio/mp4", "voice.m4a"));
    }

    [Fact]
    public void Text_claims_fit_text_and_json_but_json_claims_need_json()
    {
        var json = Encoding.UTF8.GetBytes("{\"a\": 1}");
        var prose = Encoding.UTF8.GetBytes("just words");

        Assert.Equal(MediaTypes.Json, AssetContentRules.Resolve(json, AssetType.Text, "text/plain", "data.txt"));
        Assert.Equal(MediaTypes.Text, AssetContentRules.Resolve(prose, AssetType.Text, "text/markdown", null));
        Assert.Throws<AssetRejectedException>(() => AssetContentRules.Resolve(prose, AssetType.Text, "application/json", null));
    }

    [Fact]
    public void Empty_content_is_rejected()
    {
        Assert.Throws<AssetRejectedException>(() => AssetContentRules.Resolve([], AssetType.Text, null, null));
    }
}
