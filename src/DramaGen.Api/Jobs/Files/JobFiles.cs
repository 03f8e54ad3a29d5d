using System.Text.Json;
using DramaGen.Storage;

namespace DramaGen.Jobs.Files;

/// <summary>The JSON files of JOBS_DIR: one per job, written whole (temp file + rename) so no reader sees half of one.</summary>
internal sealed class JobFiles(string directory, ILogger logger)
{
    private static readonly JsonSerializerOptions Json = JobJson.Options;

    public string Directory { get; } = directory;

    /// <summary>
    /// Temp file + rename, like <see cref="AtomicFile"/>, but synchronous: a job file is a few hundred bytes, and
    /// the thread-pool round trips of asynchronous file I/O cost more than the write itself. Not fsynced.
    /// </summary>
    /// <param name="json">The job's record as <see cref="IndexedJob"/> keeps it.</param>
    public void Write(string jobId, byte[] json)
    {
        var temp = Path.Combine(Directory, $".{jobId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1))
            {
                stream.Write(json);
            }
            File.Move(temp, PathFor(jobId), overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw JobsDirectoryUnavailableException.From(e);
        }
    }

    /// <summary>Writes and removes a probe file: whether a job file could be written now.</summary>
    public void Probe()
    {
        var probe = Path.Combine(Directory, $".probe.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw JobsDirectoryUnavailableException.From(e);
        }
    }

    public void Delete(string jobId) => File.Delete(PathFor(jobId));

    /// <summary>Every readable job file; unreadable ones are logged and skipped, leftover temp files removed.</summary>
    public IEnumerable<JobRecord> LoadAll()
    {
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*.json"))
        {
            JobRecord? job = null;
            try
            {
                job = JsonSerializer.Deserialize<JobRecord>(File.ReadAllBytes(path), Json);
            }
            catch (JsonException e)
            {
                logger.LogWarning(e, "Skipping unreadable job file {Path}", path);
            }
            if (job is not null && job.JobId == Path.GetFileNameWithoutExtension(path))
            {
                yield return job;
            }
        }
        // Leftover temp files are writes that a crash interrupted; the renamed-over file is intact.
        foreach (var temp in System.IO.Directory.EnumerateFiles(Directory, ".*.tmp"))
        {
            File.Delete(temp);
        }
    }

    private string PathFor(string jobId) => Path.Combine(Directory, jobId + ".json");
}
