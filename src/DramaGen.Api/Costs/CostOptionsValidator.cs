using DramaGen.Configuration;
using Microsoft.Extensions.Options;

namespace DramaGen.Costs;

/// <summary>The price table is checked at start-up: every unit known, every price a number in USD.</summary>
public sealed class CostOptionsValidator : IValidateOptions<CostOptions>
{
    public ValidateOptionsResult Validate(string? name, CostOptions options)
    {
        PriceTable.Parse(options.Prices, out var problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
