using Microsoft.Extensions.Configuration;

namespace Crm.Funnel;

/// <summary>The <c>Funnel</c> configuration section (README, "Configuration").</summary>
internal sealed class FunnelOptions
{
    public WebFormOptions WebForm { get; init; } = new();

    public QuoteOptions Quotes { get; init; } = new();

    public ReminderOptions Reminders { get; init; } = new();

    public static FunnelOptions From(IConfiguration configuration) =>
        configuration.GetSection("Funnel").Get<FunnelOptions>() ?? new FunnelOptions();
}

/// <summary>The public lead form (<c>POST /api/public/leads</c>): what keeps bots and floods out.</summary>
internal sealed class WebFormOptions
{
    public bool Enabled { get; init; } = true;

    /// <summary>Submissions allowed per client address and window.</summary>
    public int PermitLimit { get; init; } = 10;

    public int WindowSeconds { get; init; } = 60;

    /// <summary>A person needs a few seconds to fill the form; a submission faster than this after the token was issued is a bot.</summary>
    public int MinimumFillSeconds { get; init; } = 3;

    /// <summary>Whether a form token (<c>GET /api/public/leads/form-token</c>) is required.</summary>
    public bool RequireToken { get; init; } = true;

    public int TokenLifetimeMinutes { get; init; } = 120;

    /// <summary>Larger request bodies are refused before they are read.</summary>
    public int MaxBodyBytes { get; init; } = 16 * 1024;
}

internal sealed class QuoteOptions
{
    /// <summary>A quote whose effective discount is above this needs approval (the discount-approval workflow).</summary>
    public decimal DiscountApprovalThresholdPercent { get; init; } = 15m;

    public int DefaultValidityDays { get; init; } = 30;
}

internal sealed class ReminderOptions
{
    public bool Enabled { get; init; } = true;

    public double PollingIntervalSeconds { get; init; } = 60;
}
