using Crm.BuildingBlocks.PublicApi;

namespace Crm.Identity.Dictionaries;

/// <summary>
/// The four dictionaries the product ships, created by the migration with stable ids so every installation has them.
/// Source channel and lost reason keep the names the former enums stored as their codes, so existing rows stay valid
/// without a data migration (ADR 0125); entries added later follow the lower-case code rule.
/// </summary>
internal static class ShippedDictionaries
{
    public sealed record Entry(string Code, string English, string Chinese);

    public sealed record List(int Number, string Key, string English, string Chinese, IReadOnlyList<Entry> Entries)
    {
        public Guid Id => new($"d1c70000-0000-4000-8000-{Number:D12}");

        public Guid EntryId(int index) => new($"d1c7e000-0000-4000-8000-{Number:D6}{index + 1:D6}");
    }

    /// <summary>When the shipped rows say they were created: a fixed instant, so the model snapshot does not change on every build.</summary>
    public static readonly DateTime CreatedAtUtc = new(2026, 12, 8, 0, 0, 0, DateTimeKind.Utc);

    public const string CreatedBy = "system";

    public static IReadOnlyList<List> All { get; } =
    [
        // The sections of GB/T 4754-2017 (国民经济行业分类) a CRM's customers fall into, in the standard's order.
        new(1, DictionaryKeys.Industry, "Industry", "行业",
        [
            new("agriculture", "Agriculture, forestry, animal husbandry and fishery", "农、林、牧、渔业"),
            new("mining", "Mining", "采矿业"),
            new("manufacturing", "Manufacturing", "制造业"),
            new("utilities", "Electricity, heat, gas and water supply", "电力、热力、燃气及水生产和供应业"),
            new("construction", "Construction", "建筑业"),
            new("wholesale-retail", "Wholesale and retail trade", "批发和零售业"),
            new("transport-logistics", "Transport, storage and postal services", "交通运输、仓储和邮政业"),
            new("hospitality", "Accommodation and catering", "住宿和餐饮业"),
            new("information-technology", "Information transmission, software and IT services", "信息传输、软件和信息技术服务业"),
            new("finance", "Finance", "金融业"),
            new("real-estate", "Real estate", "房地产业"),
            new("business-services", "Leasing and business services", "租赁和商务服务业"),
            new("research-technical", "Scientific research and technical services", "科学研究和技术服务业"),
            new("environment-public-facilities", "Water conservancy, environment and public facilities", "水利、环境和公共设施管理业"),
            new("household-services", "Household, repair and other services", "居民服务、修理和其他服务业"),
            new("education", "Education", "教育"),
            new("health-social-work", "Health and social work", "卫生和社会工作"),
            new("culture-sports-entertainment", "Culture, sports and entertainment", "文化、体育和娱乐业"),
            new("public-administration", "Public administration and social organisations", "公共管理、社会保障和社会组织"),
            new("other", "Other", "其他"),
        ]),
        new(2, DictionaryKeys.CustomerLevel, "Customer level", "客户等级",
        [
            new("strategic", "Strategic customer", "战略客户"),
            new("key", "Key customer", "重点客户"),
            new("regular", "Regular customer", "普通客户"),
            new("minor", "Minor customer", "一般客户"),
        ]),
        new(3, DictionaryKeys.SourceChannel, "Source channel", "来源渠道",
        [
            new("Telephone", "Telephone", "电话"),
            new("Fax", "Fax", "传真"),
            new("Email", "E-mail", "邮件"),
            new("Sms", "SMS", "短信"),
            new("Visit", "Visit", "拜访"),
            new("Media", "Media", "媒体"),
            new("Website", "Website", "网站"),
            new("Event", "Event", "活动"),
            new("Referral", "Referral", "转介绍"),
            new("OwnDevelopment", "Own development", "自主开发"),
        ]),
        new(4, DictionaryKeys.LostReason, "Lost reason", "输单原因",
        [
            new("Price", "Price", "价格"),
            new("Competitor", "Competitor", "竞争对手"),
            new("NoBudget", "No budget", "没有预算"),
            new("NoDecision", "No decision", "未做决定"),
            new("ProductFit", "Product fit", "产品不匹配"),
            new("Timing", "Timing", "时机不对"),
            new("Other", "Other", "其他"),
        ]),
    ];
}
