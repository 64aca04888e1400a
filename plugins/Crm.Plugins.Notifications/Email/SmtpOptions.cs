namespace Crm.Plugins.Notifications.Email;

/// <summary><c>Notifications:Smtp</c>. Without a Host, e-mails stay Pending and are reported as not configured.</summary>
internal sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public bool EnableSsl { get; set; }

    public string From { get; set; } = "crm@localhost";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public int TimeoutSeconds { get; set; } = 30;

    public int MaxAttempts { get; set; } = 6;
}
