using DramaGen.Jobs.Postgres;

namespace DramaGen.Tests.Jobs.Postgres;

/// <summary>The service's pools prepare their statements, unless DATABASE_URL says how itself (a pooler that cannot keep them).</summary>
public sealed class PostgresPoolsTests
{
    [Theory]
    [InlineData("postgresql://user:pw@host:5432/db")]
    [InlineData("Host=host;Username=user;Password=pw;Database=db")]
    public void Pooled_connections_prepare_statements_after_their_second_use(string databaseUrl)
    {
        var pooled = PostgresPools.Pooled(databaseUrl);

        Assert.Equal((PostgresPools.AutoPrepared, 2), (pooled.MaxAutoPrepare, pooled.AutoPrepareMinUsages));
    }

    [Theory]
    [InlineData("postgresql://user:pw@host:5432/db?Max%20Auto%20Prepare=0")]
    [InlineData("Host=host;Username=user;Password=pw;Database=db;Max Auto Prepare=0")]
    [InlineData("Host=host;Username=user;Password=pw;Database=db;MaxAutoPrepare=0")]
    public void A_database_url_that_sets_max_auto_prepare_keeps_its_own(string databaseUrl)
    {
        Assert.Equal(0, PostgresPools.Pooled(databaseUrl).MaxAutoPrepare);
    }
}
