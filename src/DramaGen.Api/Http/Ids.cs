using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace DramaGen.Http;

/// <summary>Ids become storage keys, so they are restricted to a safe alphabet.</summary>
public static partial class Ids
{
    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ValidId();

    public static bool IsValid(string? id) => id is not null && ValidId().IsMatch(id);

    public static string NewDramaId() => "drama_" + RandomHex(12);

    public static string NewJobId() => "job_" + RandomHex(16);

    public static string RandomHex(int length) =>
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes((length + 1) / 2))[..length];
}
