using Crm.Host;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Xunit;

namespace Crm.Host.Tests;

/// <summary>Logged strings are capped by the same helper as the identity audit (issue 12.3).</summary>
public sealed class CappedLogStringsTests
{
    [Fact]
    public void A_huge_logged_value_is_capped_and_a_short_one_kept()
    {
        var sink = new Collect();
        using (var logger = new LoggerConfiguration().Enrich.With<CappedLogStrings>().WriteTo.Sink(sink).CreateLogger())
        {
            logger.Information("Sign-in failed for {UserName} from {Address}", new string('x', 5 * 1024 * 1024), "10.0.0.7");
        }

        var e = Assert.Single(sink.Events);
        var userName = (string)((ScalarValue)e.Properties["UserName"]).Value!;
        Assert.True(userName.Length < CappedLogStrings.MaxLength + 64, $"logged {userName.Length} characters");
        Assert.EndsWith($"(+{5 * 1024 * 1024 - CappedLogStrings.MaxLength} characters)", userName, StringComparison.Ordinal);
        Assert.Equal("10.0.0.7", ((ScalarValue)e.Properties["Address"]).Value);
    }

    private sealed class Collect : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }
}
