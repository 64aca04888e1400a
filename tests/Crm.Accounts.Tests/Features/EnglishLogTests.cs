using System.Collections.Concurrent;
using System.Net;
using Crm.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace Crm.Accounts.Tests.Features;

/// <summary>
/// A refusal answered in Chinese is still logged in English (ADR 0110): whoever reads the logs reads one language,
/// whatever the caller's browser asked for.
/// </summary>
public sealed class EnglishLogTests
{
    private sealed class CapturedLog : ILogEventSink
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public void Emit(LogEvent logEvent) => Lines.Enqueue(logEvent.RenderMessage());
    }

    [Fact]
    public async Task A_refusal_answered_in_Chinese_is_logged_in_English()
    {
        var log = new CapturedLog();
        using var app = new CrmApp(services: s => s.AddSingleton<ILogEventSink>(log));
        var missing = Guid.NewGuid();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/accounts/{missing}");
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");

        var response = await app.CreateClient().SendAsync(request);

        await response.ShouldHave(HttpStatusCode.NotFound);
        Assert.Contains($"客户 {missing} 不存在。", await response.Content.ReadAsStringAsync());
        var line = Assert.Single(log.Lines, l => l.Contains(missing.ToString(), StringComparison.Ordinal) && l.Contains("failed after", StringComparison.Ordinal));
        Assert.Contains($"Account {missing} does not exist.", line);
        Assert.DoesNotContain("不存在", line);
    }
}
