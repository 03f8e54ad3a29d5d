using Microsoft.Playwright;

namespace DramaGen.Tests.Viewer;

/// <summary>Debian's Chromium through Playwright. Playwright's own browsers are never downloaded.</summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static bool IsInstalled => File.Exists(ExecutablePath);

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
            ],
        });
        return (playwright, browser);
    }
}

/// <summary>A browser test: skipped, with the reason, when Debian's Chromium is not installed.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Chromium.IsInstalled)
        {
            Skip = $"{Chromium.ExecutablePath} is missing: install Debian's chromium package (scripts/test.sh does) to run the browser tests.";
        }
    }
}

/// <summary>One Chromium for all browser tests of a class; each test gets its own context (cookies, sessionStorage).</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!Chromium.IsInstalled) return;
        // Playwright's own waits (5 s for an expectation, 30 s for an action) are shorter than a loaded machine needs.
        Assertions.SetDefaultExpectTimeout((float)Patience.Budget.TotalMilliseconds);
        (_playwright, Browser) = await Chromium.LaunchAsync();
    }

    /// <summary>A context of its own for one test, whose actions and navigations wait as long as the suite's patience.</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultTimeout((float)Patience.Budget.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)Patience.Budget.TotalMilliseconds);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
