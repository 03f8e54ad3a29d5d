using System.Globalization;

namespace DramaGen.Authoring;

/// <summary>The short ids of a drama's parts: c001 characters, e001 episodes, s001 scenes, a001 assets, l001 lines.</summary>
internal static class DramaIds
{
    public static string Format(char prefix, int number) =>
        prefix + number.ToString("D3", CultureInfo.InvariantCulture);

    /// <summary>The id after the highest one of that prefix in use, so a new part never takes an old part's id.</summary>
    public static string Next(char prefix, IEnumerable<string> existing)
    {
        var highest = 0;
        foreach (var id in existing)
        {
            if (id.Length > 1 && id[0] == prefix
                && int.TryParse(id.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                highest = Math.Max(highest, number);
        }
        return Format(prefix, highest + 1);
    }
}
