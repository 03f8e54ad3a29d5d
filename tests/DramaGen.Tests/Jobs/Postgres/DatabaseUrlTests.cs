using DramaGen.Jobs.Postgres;

namespace DramaGen.Tests.Jobs.Postgres;

/// <summary>DATABASE_URL in both of its forms; neither its errors nor its description ever hold the password.</summary>
public sealed class DatabaseUrlTests
{
    [Fact]
    public void Railways_url_form_becomes_an_npgsql_connection()
    {
        var parsed = DatabaseUrl.Parse("postgresql://app%40user:p%3Ass%2Fword@db.railway.internal:6543/railway?sslmode=require");

        Assert.Equal(("app@user", "p:ss/word", "db.railway.internal", 6543, "railway"),
            (parsed.Username, parsed.Password, parsed.Host, parsed.Port, parsed.Database));
        Assert.Equal(Npgsql.SslMode.Require, parsed.SslMode);
        Assert.Equal("app@user@db.railway.internal:6543/railway", DatabaseUrl.Describe(parsed));
    }

    [Fact]
    public void A_url_without_a_port_uses_5432_and_postgres_scheme_is_accepted()
    {
        var parsed = DatabaseUrl.Parse("postgres://user:pw@localhost/jobs");

        Assert.Equal(("localhost", 5432, "jobs"), (parsed.Host, parsed.Port, parsed.Database));
    }

    [Fact]
    public void A_plain_npgsql_connection_string_is_taken_as_it_is()
    {
        var parsed = DatabaseUrl.Parse("Host=10.0.0.5;Port=5433;Username=svc;Password=pw;Database=jobs");

        Assert.Equal(("svc", "pw", "10.0.0.5", 5433, "jobs"), (parsed.Username, parsed.Password, parsed.Host, parsed.Port, parsed.Database));
    }

    [Theory]
    [InlineData("postgresql://user:TopSecret1@host:5432/")]
    [InlineData("postgresql://user:TopSecret1@host:5432/db?nonsense=1")]
    [InlineData("Password=TopSecret1;Username=user")]
    [InlineData("not a database at all TopSecret1")]
    public void A_bad_value_is_refused_without_repeating_the_password(string value)
    {
        var refused = Assert.Throws<FormatException>(() => DatabaseUrl.Parse(value));

        Assert.StartsWith("DATABASE_URL", refused.Message);
        Assert.DoesNotContain("TopSecret1", refused.Message);
    }
}
