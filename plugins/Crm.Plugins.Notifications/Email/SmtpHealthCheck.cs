using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Crm.Plugins.Notifications.Email;

/// <summary>
/// The configured SMTP server answers with its 220 greeting. Registered only when <c>Notifications:Smtp:Host</c> is
/// set; failing is Degraded, not Unhealthy: e-mails wait in the queue and are retried, and the CRM works meanwhile.
/// It says QUIT and sends nothing, so it can run as often as the load balancer probes.
/// </summary>
internal sealed class SmtpHealthCheck(IOptions<SmtpOptions> options) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var smtp = options.Value;
        var data = new Dictionary<string, object> { ["host"] = smtp.Host ?? "", ["port"] = smtp.Port };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(smtp.Host!, smtp.Port, timeout.Token);
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            var greeting = await reader.ReadLineAsync(timeout.Token) ?? "";
            await stream.WriteAsync("QUIT\r\n"u8.ToArray(), timeout.Token);
            return greeting.StartsWith("220", StringComparison.Ordinal)
                ? HealthCheckResult.Healthy("The SMTP server answers", data)
                : HealthCheckResult.Degraded($"The SMTP server greeted with '{greeting}'", data: data);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Degraded($"The SMTP server {smtp.Host}:{smtp.Port} does not answer: e-mails wait in the queue", ex, data);
        }
    }
}
