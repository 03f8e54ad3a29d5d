using DramaGen.Configuration;
using DramaGen.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DramaGen.Tests.Jobs;

/// <summary>
/// The PostgreSQL store's services exist only under JOB_STORE=postgres: a service on the file store never builds them, so it
/// never loads Npgsql (about 2 MiB of mapped code, #15) and runs none of their hosted services.
/// </summary>
public sealed class JobStoreRegistrationTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("file")]
    public void On_the_file_store_nothing_of_PostgreSQL_is_registered(string? jobStore)
    {
        var services = Register(new Dictionary<string, string?> { ["JOB_STORE"] = jobStore });

        Assert.NotEmpty(services);
        Assert.DoesNotContain(services, service => service.ServiceType == typeof(NpgsqlDataSource)
            || service.ServiceType.Namespace == "DramaGen.Jobs.Postgres"
            || service.ImplementationType?.Namespace == "DramaGen.Jobs.Postgres" && service.ServiceType == typeof(IHostedService)
            || JobStoreOptions.Postgres.Equals(service.ServiceKey));
    }

    [Fact]
    public void On_postgres_its_store_and_start_up_migration_are_registered()
    {
        var services = Register(new Dictionary<string, string?> { ["JOB_STORE"] = "postgres", ["DATABASE_URL"] = "postgresql://u:p@localhost:5432/db" });

        Assert.Contains(services, service => service.ServiceType == typeof(NpgsqlDataSource));
        Assert.Contains(services, service => service.ServiceType == typeof(IHostedService)
            && service.ImplementationType?.Name == "PostgresJobStoreStartup");
    }

    [Fact]
    public void A_malformed_database_url_still_stops_the_file_store_at_start()
    {
        var settings = new Dictionary<string, string?> { ["JOB_STORE"] = "file", ["DATABASE_URL"] = "postgresql://u:p@localhost:5432/" };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = Register(settings);
        services.AddValidatedOptions<JobStoreOptions>(configuration);
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<JobStoreOptions>>().Value);
        Assert.Contains("DATABASE_URL", failure.Message);
        Assert.DoesNotContain(":p@", failure.Message);
    }

    private static ServiceCollection Register(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddJobs(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services;
    }
}
