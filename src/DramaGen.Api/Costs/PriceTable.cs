using System.Globalization;
using DramaGen.Configuration;
using DramaGen.Providers;
using Microsoft.Extensions.Options;

namespace DramaGen.Costs;

/// <summary>
/// Prices billed usage from the configured table. A model's entry lists every unit it bills (a unit it does not list
/// is not billed); a model with no entry is unknown, and what it bills is "unpriced", never silently zero. The
/// embedded providers (local, and the cut renderer) cost nothing unless a price is configured for them (drills).
/// </summary>
public sealed class PriceTable
{
    /// <summary>A model name that prices every model of its provider.</summary>
    public const string AnyModel = "*";

    /// <summary>Providers that run in this process and bill nobody.</summary>
    public static readonly IReadOnlySet<string> FreeProviders = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "local", "ffmpeg" };

    private readonly Dictionary<string, Dictionary<string, Dictionary<string, decimal>>> _prices;

    public PriceTable(IOptions<CostOptions> options)
    {
        _prices = Parse(options.Value.Prices, out _);
        CheckedOn = options.Value.PricesCheckedOn;
    }

    public string CheckedOn { get; }

    /// <summary>Whether the table knows what this provider's model costs.</summary>
    public bool IsPriced(string provider, string model) => EntryOf(provider, model) is not null || FreeProviders.Contains(provider);

    /// <summary>USD of one piece of usage; null when its model has no price.</summary>
    public decimal? Price(BilledUsage usage)
    {
        var entry = EntryOf(usage.Provider, usage.Model);
        if (entry is null)
        {
            return FreeProviders.Contains(usage.Provider) ? 0m : null;
        }
        var (units, divisor) = PriceUnits.For(usage);
        foreach (var unit in units)
        {
            if (entry.TryGetValue(unit, out var price))
            {
                return usage.Quantity * price / divisor;
            }
        }
        return 0m;
    }

    /// <summary>The sum of what the usage costs, and the pieces whose price is unknown.</summary>
    public Priced Sum(IEnumerable<BilledUsage> usage)
    {
        var total = 0m;
        var unpriced = new List<BilledUsage>();
        var lines = new List<PricedUsage>();
        foreach (var item in usage)
        {
            var price = Price(item);
            if (price is null)
            {
                unpriced.Add(item);
            }
            total += price ?? 0m;
            lines.Add(new PricedUsage(item, price));
        }
        return new Priced(total, lines, unpriced.Count > 0);
    }

    private Dictionary<string, decimal>? EntryOf(string provider, string model) =>
        _prices.TryGetValue(provider, out var models)
            ? models.GetValueOrDefault(model) ?? models.GetValueOrDefault(AnyModel)
            : null;

    /// <summary>The table as numbers; <paramref name="problems"/> names every key whose unit or number is wrong.</summary>
    public static Dictionary<string, Dictionary<string, Dictionary<string, decimal>>> Parse(
        Dictionary<string, Dictionary<string, Dictionary<string, string>>> table, out List<string> problems)
    {
        problems = [];
        var parsed = new Dictionary<string, Dictionary<string, Dictionary<string, decimal>>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (provider, models) in table)
        {
            var byModel = parsed[provider] = new Dictionary<string, Dictionary<string, decimal>>(StringComparer.Ordinal);
            foreach (var (model, units) in models)
            {
                var byUnit = byModel[model] = new Dictionary<string, decimal>(StringComparer.Ordinal);
                foreach (var (unit, text) in units)
                {
                    var key = $"PRICES:{provider}:{model}:{unit}";
                    if (!PriceUnits.IsKnown(unit))
                    {
                        problems.Add($"{key}: unknown unit (per_image[_WxH], per_video_second[_WxH], per_million_input_tokens, "
                            + "per_million_output_tokens, per_million_characters or per_audio_second)");
                    }
                    else if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price) || price > 1_000_000m)
                    {
                        problems.Add($"{key}: '{text}' is not a price in USD (a number from 0 to 1000000, with a '.' for decimals)");
                    }
                    else
                    {
                        byUnit[unit] = price;
                    }
                }
            }
        }
        return parsed;
    }
}

/// <param name="Usd">Null when its model has no price.</param>
public sealed record PricedUsage(BilledUsage Usage, decimal? Usd);

/// <param name="Unpriced">Some of the usage has no price: the total counts it as nothing and must say so.</param>
public sealed record Priced(decimal Usd, IReadOnlyList<PricedUsage> Lines, bool Unpriced)
{
    public static readonly Priced None = new(0m, [], false);
}
