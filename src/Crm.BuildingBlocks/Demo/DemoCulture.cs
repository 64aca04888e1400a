using Microsoft.Extensions.Configuration;

namespace Crm.BuildingBlocks.Demo;

/// <summary>
/// Which language the demo data is written in (<c>Demo:Culture</c>): Chinese (<c>zh</c>, the default, for the Chinese
/// companies the product is built for) or English (<c>en</c>, for an English-speaking audience). Only the seeders read
/// it; the UI language is each user's own choice (ADR 0113).
/// </summary>
public static class DemoCulture
{
    public const string Key = "Demo:Culture";

    public static bool IsChinese(IConfiguration configuration) =>
        !(configuration[Key] ?? "zh").Trim().StartsWith("en", StringComparison.OrdinalIgnoreCase);
}
