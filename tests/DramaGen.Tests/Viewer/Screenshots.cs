using Microsoft.Playwright;

namespace DramaGen.Tests.Viewer;

/// <summary>Full-page screenshots under the repository's TestResults/screenshots, the folder CI keeps as artifacts.</summary>
public static class Screenshots
{
    public static string Directory { get; } = Locate();

    public static async Task<string> SaveAsync(IPage page, string name)
    {
        var path = Path.Combine(Directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    private static string Locate()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DramaGen.sln")))
        {
            directory = directory.Parent;
        }
        var root = directory?.FullName ?? AppContext.BaseDirectory;
        var screenshots = Path.Combine(root, "TestResults", "screenshots");
        System.IO.Directory.CreateDirectory(screenshots);
        return screenshots;
    }
}
