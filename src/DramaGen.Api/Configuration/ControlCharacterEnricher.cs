using System.Text;
using Serilog.Core;
using Serilog.Events;

namespace DramaGen.Configuration;

/// <summary>
/// Escapes control characters (CR, LF, ESC, ...) in every property of every log event, so a value a client
/// chose (a request path, an id, a header) cannot start a forged line or move the terminal's cursor, in any
/// output format. The message templates are the code's own text and keep their layout.
/// </summary>
internal sealed class ControlCharacterEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var (name, value) in logEvent.Properties)
        {
            var clean = Clean(value);
            if (!ReferenceEquals(clean, value))
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, clean));
            }
        }
    }

    /// <returns>The same instance when nothing needed escaping.</returns>
    private static LogEventPropertyValue Clean(LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue { Value: string text } when HasControl(text):
                return new ScalarValue(Escape(text));
            case ScalarValue { Value: char c } when char.IsControl(c):
                return new ScalarValue(Escape(c.ToString()));
            case SequenceValue sequence:
                var elements = sequence.Elements.Select(Clean).ToList();
                return Changed(elements, sequence.Elements) ? new SequenceValue(elements) : value;
            case StructureValue structure:
                var properties = structure.Properties.Select(p => new LogEventProperty(Escape(p.Name), Clean(p.Value))).ToList();
                return properties.Where((p, i) => p.Name != structure.Properties[i].Name || !ReferenceEquals(p.Value, structure.Properties[i].Value)).Any()
                    ? new StructureValue(properties, structure.TypeTag) : value;
            case DictionaryValue dictionary:
                var pairs = dictionary.Elements.Select(pair => KeyValuePair.Create((ScalarValue)Clean(pair.Key), Clean(pair.Value))).ToList();
                return pairs.Zip(dictionary.Elements).Any(z => !ReferenceEquals(z.First.Key, z.Second.Key) || !ReferenceEquals(z.First.Value, z.Second.Value))
                    ? new DictionaryValue(pairs) : value;
            default:
                return value;
        }
    }

    private static bool Changed(List<LogEventPropertyValue> cleaned, IReadOnlyList<LogEventPropertyValue> original) =>
        cleaned.Where((element, i) => !ReferenceEquals(element, original[i])).Any();

    private static bool HasControl(string text) => text.Any(char.IsControl);

    /// <summary>Visible escapes rather than removal, so the log still shows what was sent.</summary>
    private static string Escape(string text)
    {
        if (!HasControl(text))
        {
            return text;
        }
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }
}
