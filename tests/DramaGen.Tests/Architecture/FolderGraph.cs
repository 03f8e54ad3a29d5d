using System.Text.RegularExpressions;

namespace DramaGen.Tests.Architecture;

/// <summary>
/// Which folder of src/ imports which, read from the source text: a file's namespace names its folder
/// (namespaces follow folders) and each <c>using DramaGen.X;</c> is an import. Folders are the top-level ones,
/// with Generation split into its subfolders.
/// </summary>
public sealed partial class FolderGraph
{
    private readonly SortedDictionary<string, SortedDictionary<string, string>> _imports = new(StringComparer.Ordinal);

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?(DramaGen(?:\.\w+)*)\s*;", RegexOptions.Multiline)]
    private static partial Regex Using();

    public IEnumerable<string> Folders => _imports.Keys;

    public static FolderGraph Parse(IEnumerable<(string Path, string Text)> files)
    {
        var graph = new FolderGraph();
        foreach (var (path, text) in files)
        {
            var ns = Namespace().Match(text);
            if (!ns.Success || FolderOf(ns.Groups[1].Value) is not { } from)
            {
                continue; // Program.cs composes everything from the root namespace.
            }
            var imports = graph.Imports(from);
            foreach (Match import in Using().Matches(text))
            {
                if (FolderOf(import.Groups[1].Value) is { } to && to != from)
                {
                    imports.TryAdd(to, path);
                }
            }
        }
        return graph;
    }

    public static FolderGraph ParseSource()
    {
        var src = Path.Combine(RepositoryRoot(), "src", "DramaGen.Api");
        var separator = Path.DirectorySeparatorChar;
        return Parse(Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{separator}obj{separator}") && !path.Contains($"{separator}bin{separator}"))
            .Select(path => (Path.GetRelativePath(src, path), File.ReadAllText(path))));
    }

    /// <summary>The folders <paramref name="folder"/> imports, each with one file that does.</summary>
    public IReadOnlyDictionary<string, string> ImportsOf(string folder) =>
        _imports.TryGetValue(folder, out var imports) ? imports : new SortedDictionary<string, string>();

    /// <summary>One cycle, e.g. "Api (Api/X.cs) -> Dramas (Dramas/Y.cs) -> Api", or null when there is none.</summary>
    public string? FindCycle()
    {
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        string? Visit(string folder)
        {
            if (finished.Contains(folder)) return null;
            if (path.IndexOf(folder) is var start and >= 0)
            {
                var cycle = path[start..];
                return string.Join(" -> ", cycle.Select((from, i) => $"{from} ({ImportsOf(from)[i + 1 < cycle.Count ? cycle[i + 1] : folder]})")) + " -> " + folder;
            }
            path.Add(folder);
            foreach (var next in ImportsOf(folder).Keys)
            {
                if (Visit(next) is { } found) return found;
            }
            path.RemoveAt(path.Count - 1);
            finished.Add(folder);
            return null;
        }
        return _imports.Keys.Select(Visit).FirstOrDefault(cycle => cycle is not null);
    }

    private SortedDictionary<string, string> Imports(string folder)
    {
        if (!_imports.TryGetValue(folder, out var imports))
        {
            _imports[folder] = imports = new SortedDictionary<string, string>(StringComparer.Ordinal);
        }
        return imports;
    }

    private static string? FolderOf(string name) => name.Split('.') switch
    {
        ["DramaGen", "Generation", var sub, ..] => $"Generation.{sub}",
        ["DramaGen", "Tests" or "Bench", ..] => null,
        ["DramaGen", var top, ..] => top,
        _ => null,
    };

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DramaGen.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("DramaGen.sln was not found above " + AppContext.BaseDirectory);
    }
}
