using Crm.BuildingBlocks.Auditing;
using Serilog.Core;
using Serilog.Events;

namespace Crm.Host;

/// <summary>
/// Caps every string property of every log event with <see cref="TextCap"/>, the helper the identity audit uses: a
/// request path, a user name or an exception message quoting a 5 MB input is written at most
/// <see cref="MaxLength"/> characters long. Longer than the audit's cap, so SQL commands and stack-free messages stay
/// readable.
/// </summary>
public sealed class CappedLogStrings : ILogEventEnricher
{
    public const int MaxLength = 4096;

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var (name, value) in logEvent.Properties.ToList())
        {
            if (value is ScalarValue { Value: string text } && text.Length > MaxLength)
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(TextCap.Cap(text, MaxLength))));
            }
        }
    }
}
