using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace DramaGen.Configuration;

/// <summary>What provider calls cost (the price table) and how much may be spent.</summary>
public sealed class CostOptions
{
    /// <summary>
    /// Prices in USD by provider, then model, then unit (per_image, per_image_{WxH}, per_video_second,
    /// per_video_second_{WxH}, per_million_input_tokens, per_million_output_tokens, per_million_characters,
    /// per_audio_second); a model "*" prices every model of its provider. Kept as text so a bad number is
    /// reported naming its key. Environment: PRICES__{provider}__{model}__{unit}.
    /// </summary>
    [ConfigurationKeyName("PRICES")]
    public Dictionary<string, Dictionary<string, Dictionary<string, string>>> Prices { get; set; } = [];

    /// <summary>When the shipped prices were last checked against the providers' pricing pages (shown with every estimate).</summary>
    [ConfigurationKeyName("PRICES_CHECKED_ON")]
    public string PricesCheckedOn { get; set; } = "";

    /// <summary>What one drama may cost over all its runs; none when unset.</summary>
    [ConfigurationKeyName("DRAMA_BUDGET_USD"), Range(typeof(decimal), "0", "1000000000", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public decimal? DramaBudgetUsd { get; set; }

    /// <summary>What one user id may spend per UTC day, over all its dramas; none when unset.</summary>
    [ConfigurationKeyName("DAILY_BUDGET_USD"), Range(typeof(decimal), "0", "1000000000", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public decimal? DailyBudgetUsd { get; set; }
}
