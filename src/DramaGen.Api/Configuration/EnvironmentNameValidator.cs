using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace DramaGen.Configuration;

/// <summary>
/// Runs the DataAnnotations of an options class, naming each failing setting by its environment variable
/// (e.g. "MAX_RETRIES must be between 0 and 10") so an operator knows what to fix.
/// </summary>
public sealed class EnvironmentNameValidator<T> : IValidateOptions<T> where T : class
{
    private static readonly (PropertyInfo Property, string Variable)[] Properties = typeof(T)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(property => property.CanRead && property.GetCustomAttributes<ValidationAttribute>().Any())
        .Select(property => (property, property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name))
        .ToArray();

    public ValidateOptionsResult Validate(string? name, T options)
    {
        var failures = new List<string>();
        foreach (var (property, variable) in Properties)
        {
            var context = new ValidationContext(options) { MemberName = property.Name, DisplayName = variable };
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateProperty(property.GetValue(options), context, results))
            {
                failures.AddRange(results.Select(result => $"{variable}: {result.ErrorMessage}"));
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
