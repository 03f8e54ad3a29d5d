using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DramaGen.Tests;

/// <summary>
/// The service in-process on its embedded defaults, with its own temporary STORAGE_DIR and JOBS_DIR,
/// so tests share no state. Settings use the same flat names as the environment variables.
/// </summary>
public sealed class DramaGenApplication : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public DramaGenApplication(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        Root = Directory.CreateTempSubdirectory("dramagen-test-").FullName;
        _settings = new Dictionary<string, string?>
        {
            ["STORAGE_DIR"] = Path.Combine(Root, "storage"),
            ["JOBS_DIR"] = Path.Combine(Root, "jobs"),
            ["OUTPUTS_DIR"] = Path.Combine(Root, "outputs"),
            ["API_KEYS"] = "",
            ["TEXT_PROVIDER"] = "local",
            ["IMAGE_PROVIDER"] = "local",
            ["VIDEO_PROVIDER"] = "local",
            // The suite's dramas pin portrait-only DAGs; the character sheet tests ask for their views.
            ["CHARACTER_VIEWS"] = "",
            // Cutting films is slow; the cut tests turn it on.
            ["EPISODE_CUTS"] = "false",
            // A stop cancels at once unless a test sets a grace: the suite's hosts stop many times.
            ["SHUTDOWN_GRACE_SECONDS"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
        _services = services;
    }

    /// <summary>The temporary directory holding this instance's storage and jobs.</summary>
    public string Root { get; }

    public string StorageDir => _settings["STORAGE_DIR"]!;

    public string JobsDir => _settings["JOBS_DIR"]!;

    /// <summary>
    /// The same service with the same settings, built and started without the factory: a start-up failure then
    /// surfaces as itself (the factory can report it as a disposed service provider instead).
    /// </summary>
    public void StartDirectly()
    {
        using var app = BuildDirectly();
        app.Start();
    }

    /// <summary>
    /// The same service with the same settings, built without the factory and not started: a real server on a free port.
    /// </summary>
    public WebApplication BuildDirectly() => DramaGenHost.Build([], builder => builder.Configuration
        .AddInMemoryCollection(_settings)
        .AddInMemoryCollection([new("urls", "http://127.0.0.1:0")]));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
        // Also as host settings, which the service's builder sees while it registers its services (JOB_STORE).
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
