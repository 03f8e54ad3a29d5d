using System.Text.RegularExpressions;

namespace DramaGen.Tests.Architecture;

/// <summary>Every feature depends on IJobStore; only the file store's own folder knows its concrete type.</summary>
public sealed partial class JobStoreDependencyTests
{
    [GeneratedRegex(@"\bFileJobStore\b")]
    private static partial Regex FileJobStoreName();

    [Fact]
    public void No_file_outside_the_file_stores_folder_names_its_concrete_type()
    {
        var src = Path.Combine(FolderGraph.RepositoryRoot(), "src", "DramaGen.Api");
        var own = Path.Combine("Jobs", "Files") + Path.DirectorySeparatorChar;
        var separator = Path.DirectorySeparatorChar;

        var offenders = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{separator}obj{separator}") && !path.Contains($"{separator}bin{separator}"))
            .Select(path => Path.GetRelativePath(src, path))
            .Where(path => !path.StartsWith(own, StringComparison.Ordinal) && FileJobStoreName().IsMatch(File.ReadAllText(Path.Combine(src, path))))
            .ToList();

        Assert.True(Directory.Exists(Path.Combine(src, "Jobs", "Files")));
        Assert.Empty(offenders);
    }
}
