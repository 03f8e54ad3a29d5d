using System.Net;
using DramaGen.Api;

namespace DramaGen.Tests.Api;

/// <summary>Every answer (the viewer, the API, files, errors) tells the browser to run only this service's own scripts, in no frame.</summary>
public sealed class SecurityHeadersTests
{
    [Theory]
    [InlineData("/viewer/")]
    [InlineData("/viewer/js/app.js")]
    [InlineData("/")]
    [InlineData("/dramas")]
    [InlineData("/dramas/missing")]
    [InlineData("/dramas/bad%20id")]
    [InlineData("/files/10000/p/assets/none.png")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        await using var app = new DramaGenApplication();
        using var response = await app.CreateClient().GetAsync(path);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, csp);
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("script-src 'self';", csp); // no 'unsafe-inline'
        Assert.DoesNotContain("unsafe", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task The_viewer_page_has_no_inline_script_or_style_for_the_policy_to_block()
    {
        await using var app = new DramaGenApplication();
        var html = await app.CreateClient().GetStringAsync("/viewer/");

        Assert.DoesNotMatch("<script(?![^>]*\\ssrc=)[^>]*>", html);
        Assert.DoesNotContain("<style", html);
        Assert.DoesNotContain(" style=", html);
        Assert.DoesNotMatch("\\son[a-z]+=", html);
    }
}
