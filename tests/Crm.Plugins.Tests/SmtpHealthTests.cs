using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Crm.TestKit;
using Xunit;

namespace Crm.Plugins.Tests;

/// <summary>With an SMTP host configured, <c>/health</c> checks that it answers; failing is Degraded (e-mail waits).</summary>
public sealed class SmtpHealthTests
{
    [Fact]
    public async Task A_configured_smtp_server_that_greets_is_Healthy()
    {
        using var smtp = new FakeSmtpServer();
        using var app = AppWithSmtp(smtp.Port);

        var check = await SmtpCheckAsync(app);

        Assert.Equal("Healthy", check.GetProperty("status").GetString());
        Assert.Equal(smtp.Port, check.GetProperty("data").GetProperty("port").GetInt32());
        // The probe sends no mail.
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task A_configured_smtp_server_that_does_not_answer_makes_the_host_Degraded_not_Unhealthy()
    {
        int closedPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var app = AppWithSmtp(closedPort);

        var check = await SmtpCheckAsync(app);

        Assert.Equal("Degraded", check.GetProperty("status").GetString());
        Assert.Contains("does not answer", check.GetProperty("description").GetString(), StringComparison.Ordinal);
        var probe = await (await app.CreateAnonymousClient().GetAsync("/health")).ShouldHave(HttpStatusCode.OK);
        Assert.Equal("Degraded", await probe.Content.ReadAsStringAsync());
    }

    private static CrmApp AppWithSmtp(int port) => new(settings: new Dictionary<string, string?>
    {
        ["Notifications:Smtp:Host"] = "127.0.0.1",
        ["Notifications:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications:EmailPollingIntervalSeconds"] = "3600",
    });

    private static async Task<JsonElement> SmtpCheckAsync(CrmApp app)
    {
        using var admin = app.CreateClient();
        var health = await (await admin.GetAsync("/health/details")).ShouldHave(HttpStatusCode.OK);
        return (await health.ReadJson()).GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "smtp");
    }
}
