namespace DramaGen.Providers.Local;

/// <summary>A private temporary directory for one external-tool run, removed when disposed.</summary>
internal sealed class TempWorkspace : IDisposable
{
    private readonly DirectoryInfo _directory;

    public TempWorkspace(string prefix, string? root = null) =>
        _directory = root is null
            ? Directory.CreateTempSubdirectory(prefix)
            : Directory.CreateDirectory(Path.Combine(root, prefix + Guid.NewGuid().ToString("N")));

    public string PathOf(string fileName) => Path.Combine(_directory.FullName, fileName);

    public void Dispose()
    {
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not worth failing a finished render for.
        }
    }
}
