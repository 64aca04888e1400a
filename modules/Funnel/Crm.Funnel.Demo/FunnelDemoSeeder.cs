using Bogus;
using Crm.Accounts.PublicApi;
using Crm.BuildingBlocks.Demo;
using Crm.BuildingBlocks.PublicApi;
using Crm.BuildingBlocks.Records;
using Crm.Funnel.Domain;
using Crm.Funnel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.Funnel.Demo;

/// <summary>
/// Fills an empty Funnel store with campaigns, leads and opportunities over the demo accounts and their owners
/// (Demo:Seed=true), so the board, funnel and forecast show something on a first run. It runs after the Accounts demo
/// seeder (modules start in catalog order), raises no events (no workflow starts for demo data) and never touches a
/// store that already has leads or opportunities.
/// </summary>
internal sealed class FunnelDemoSeeder(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, ILogger<FunnelDemoSeeder> logger) : IHostedService
{
    internal const int LeadCount = 150;

    private static readonly string[] Products =
        ["CRM-PRO licence", "Implementation days", "Training workshop", "Support plan (year)", "Data migration", "Mobile add-on", "Analytics add-on"];

    private static readonly string[] Competitors = ["Acme Software", "Northwind CRM", "Contoso Cloud", "Fabrikam Systems"];

    // Codes of the shipped dictionaries (ADR 0125).
    private static readonly string[] Sources =
        ["Telephone", "Fax", "Email", "Sms", "Visit", "Media", SourceChannelCodes.Website, SourceChannelCodes.Event, "Referral", SourceChannelCodes.OwnDevelopment];

    private static readonly string[] LostReasons = ["Price", "Competitor", "NoBudget", "NoDecision", "ProductFit", "Timing", LostReasonCodes.Other];

    private static readonly string[] Industries = ["Manufacturing", "Retail", "Logistics", "Healthcare", "Education", "Construction", "Energy", "Software"];

    private static readonly string[] Territories = ["East", "North", "South", "West"];

    internal const string SeedJob = "funnel-demo-seed";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FunnelDbContext>();
        if (await db.IsDoneAsync(SeedJob, cancellationToken) || await db.Leads.AnyAsync(cancellationToken) || await db.Opportunities.AnyAsync(cancellationToken))
        {
            return;
        }

        var pipeline = await db.Pipelines.Include(p => p.Stages).FirstOrDefaultAsync(p => p.IsDefault, cancellationToken);
        var accounts = await scope.ServiceProvider.GetRequiredService<IAccountsApi>().ListSummariesAsync(1000, null, null, cancellationToken);
        if (pipeline is null || accounts.Count == 0)
        {
            logger.LogInformation("No demo accounts or pipeline yet: Funnel demo data skipped");
            return;
        }

        var data = Generate(pipeline, accounts, clock.GetUtcNow().UtcDateTime, DemoCulture.IsChinese(configuration));
        db.Campaigns.AddRange(data.Campaigns);
        db.Leads.AddRange(data.Leads);
        db.LeadAssignments.AddRange(data.Assignments);
        db.FollowUps.AddRange(data.FollowUps);
        db.Opportunities.AddRange(data.Opportunities);
        db.OpportunityStageChanges.AddRange(data.StageChanges);
        db.MarkDone(SeedJob);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await StatisticsStore.RebuildAsync(db, null, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Another host starting on the same store seeded first, so this attempt rolled back whole (on the marker's
            // key, or on a busy database while the other host wrote); if nobody seeded, it is a real failure.
            if (!await db.IsDoneAsync(SeedJob, cancellationToken))
            {
                throw;
            }

            logger.LogInformation("Funnel demo data was seeded by another host");
            return;
        }

        logger.LogInformation("Seeded {Campaigns} campaigns, {Leads} leads and {Opportunities} demo opportunities",
            data.Campaigns.Count, data.Leads.Count, data.Opportunities.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal sealed record DemoData(
        List<Campaign> Campaigns, List<Lead> Leads, List<LeadAssignment> Assignments, List<FollowUp> FollowUps,
        List<Opportunity> Opportunities, List<OpportunityStageChange> StageChanges);

    internal static DemoData Generate(Pipeline pipeline, IReadOnlyList<AccountSummary> accounts, DateTime now) => Generate(pipeline, accounts, now, chinese: true);

    /// <param name="chinese">Chinese texts (the default, <c>Demo:Culture=zh</c>) or the English demo (<c>en</c>); ADR 0113.</param>
    internal static DemoData Generate(Pipeline pipeline, IReadOnlyList<AccountSummary> accounts, DateTime now, bool chinese)
    {
        string Say(string english, string chineseText) => chinese ? chineseText : english;
        // A fixed seed: every installation gets the same demo funnel, so guides and screenshots stay true.
        var random = new Randomizer(20261123);
        var en = new Faker("en") { Random = random };
        var zh = new Faker("zh_CN") { Random = random };
        var owners = accounts.Select(a => a.OwnerId).OfType<Guid>().Distinct().Order().ToList();
        var data = new DemoData([], [], [], [], [], []);

        var campaignNames = new[]
        {
            (Say("Spring trade show Shanghai", "上海春季工业博览会"), CampaignType.TradeShow), (Say("Digital factory seminar", "数字化工厂研讨会"), CampaignType.Seminar),
            (Say("CRM webinar series", "智能制造在线讲座"), CampaignType.Webinar), (Say("Year-end mailing", "年终客户邮件"), CampaignType.Email),
            (Say("Industry magazine ads", "行业杂志广告"), CampaignType.Advertising), (Say("Partner day Shenzhen", "深圳合作伙伴日"), CampaignType.Seminar),
        };
        var industries = chinese ? ChineseDemo.Industries.Select(x => x.Name).ToArray() : Industries;
        for (var i = 0; i < campaignNames.Length; i++)
        {
            var (name, type) = campaignNames[i];
            var starts = now.Date.AddDays(-330 + (i * 70)).AddHours(9);
            var campaign = Campaign.Create(
                new CampaignDetails(name, type, chinese ? $"面向{random.ArrayElement(industries)}企业的数控设备与自动化方案" : "Customer relationship management for " + random.ArrayElement(Industries).ToLowerInvariant(), null, starts,
                    starts.AddDays(type == CampaignType.TradeShow ? 3 : 1), random.Int(4, 30) * 5_000m, owners.Count > 0 ? random.ArrayElement(owners.ToArray()) : null, accounts[0].BranchId,
                    Currencies.DefaultCompanyCurrency),
                "demo", starts.AddDays(-45));
            if (starts < now)
            {
                campaign.AddCost(Say("Venue and material", "场地及物料"), random.Int(2, 20) * 2_500m, DateOnly.FromDateTime(starts.AddDays(-10)), "Venue", "demo", starts.AddDays(-10));
                campaign.AddCost(Say("Advertising", "广告投放"), random.Int(1, 10) * 1_000m, DateOnly.FromDateTime(starts.AddDays(-20)), "Media", "demo", starts.AddDays(-20));
                campaign.ChangeStatus(CampaignStatus.Completed, "demo", starts.AddDays(5));
            }
            else
            {
                campaign.AddReminder(TimeSpan.FromDays(7), null, Say("Prepare the booth and the material.", "准备展位和宣传资料。"), "demo", now.AddDays(-1));
            }

            for (var p = 0; p < random.Int(3, 8); p++)
            {
                campaign.AddParticipant(new ParticipantDetails(zh.Name.LastName() + zh.Name.FirstName(), random.Enum<ParticipantType>(),
                    $"+86 13{random.Int(0, 9)} {random.Int(1000, 9999)} {random.Int(1000, 9999)}", $"guest{i}.{p}@mail.example.cn",
                    chinese ? ChineseDemo.Company(200 + (i * 10) + p, n => random.Int(0, n - 1)).Name : en.Company.CompanyName(), null), "demo", starts.AddDays(-30));
            }

            data.Campaigns.Add(campaign);
        }

        var pastCampaigns = data.Campaigns.Where(c => c.StartsAtUtc < now).ToArray();
        var open = pipeline.OpenStages.ToList();
        foreach (var account in accounts.Where(_ => random.Int(0, 9) < 6))
        {
            for (var n = 0; n < random.Int(1, 2); n++)
            {
                var created = now.AddDays(-random.Int(5, 540)).AddMinutes(-random.Int(0, 1440));
                var campaign = random.Int(0, 4) == 0 && pastCampaigns.Length > 0 ? random.ArrayElement(pastCampaigns) : null;
                var lines = Enumerable.Range(0, random.Int(1, 3))
                    .Select(_ => chinese ? CatalogueLine(random.ListItem(ChineseDemo.Products.ToList()), random.Int(1, 5), random.ArrayElement(new[] { 0m, 0m, 5m, 10m }))
                        : new PricedLineDetails(null, random.ArrayElement(Products), random.Int(1, 20), random.Int(1, 40) * 500m, random.ArrayElement(new[] { 0m, 0m, 5m, 10m }), "13"))
                    .ToList();
                var opportunity = Opportunity.Create(
                    new OpportunityDetails(chinese ? $"{account.Name}：{random.ArrayElement(new[] { "数控设备采购", "产线自动化改造", "年度备件采购", "维保服务续约" })}"
                        : $"{account.Name}: {random.ArrayElement(new[] { "CRM rollout", "Licence renewal", "Branch expansion", "Analytics project" })}", 0m,
                        DateOnly.FromDateTime(created.AddDays(random.Int(30, 180))), null, account.BranchId, null),
                    account.Id, pipeline, open[0], account.OwnerId, campaign?.Id, null, lines,
                    new DocumentCurrency(Currencies.DefaultCompanyCurrency, 1m), "demo", created);
                data.StageChanges.Add(opportunity.InitialStageChange(open[0]));

                // Older opportunities are further along and more often closed.
                var age = (now - created).TotalDays;
                var at = created;
                var target = random.Int(0, open.Count - 1);
                for (var s = 1; s <= target; s++)
                {
                    at = Min(at.AddDays(random.Int(3, 25)), now.AddHours(-1));
                    data.StageChanges.Add(opportunity.MoveTo(pipeline, open[s], null, "demo", at));
                }

                if (age > 90 && random.Int(0, 9) < 7)
                {
                    at = Min(at.AddDays(random.Int(5, 40)), now.AddMinutes(-5));
                    data.StageChanges.Add(random.Int(0, 9) < 5
                        ? opportunity.MoveTo(pipeline, pipeline.WonStage, null, "demo", at)
                        : opportunity.MoveTo(pipeline, pipeline.LostStage,
                            new LossDetails(random.ArrayElement(LostReasons), random.ArrayElement(chinese ? new[] { "价格太高", "选择了竞争对手", "预算冻结", "项目延期" } : new[] { "Price too high", "Chose a competitor", "Budget frozen", "Project postponed" }),
                                random.Int(0, 1) == 0 ? (chinese ? random.ListItem(ChineseDemo.Competitors.ToList()) : random.ArrayElement(Competitors)) : null), "demo", at));
                }
                else if (opportunity.Status == OpportunityStatus.Open)
                {
                    opportunity.SetNextStep(random.ArrayElement(chinese ? new[] { "发送技术方案", "为技术部门做演示", "致电采购经理", "上门拜访" } : new[] { "Send the proposal", "Demo for the IT team", "Call the purchasing manager", "Site visit" }),
                        now.AddDays(random.Int(1, 14)), "demo", Min(at, now));
                }

                opportunity.DequeueIntegrationEvents();
                data.Opportunities.Add(opportunity);
            }
        }

        for (var i = 0; i < LeadCount; i++)
        {
            var created = now.AddDays(-random.Int(0, 120)).AddMinutes(-random.Int(0, 1440));
            var campaign = random.Int(0, 3) == 0 && pastCampaigns.Length > 0 ? random.ArrayElement(pastCampaigns) : null;
            var capture = campaign is not null ? LeadCapture.Campaign : random.ArrayElement(new[] { LeadCapture.Manual, LeadCapture.WebForm, LeadCapture.Import });
            var lead = Lead.Create(
                new LeadDetails(zh.Name.LastName() + zh.Name.FirstName(), chinese ? ChineseDemo.Company(320 + (i % 80), n => random.Int(0, n - 1)).Name : en.Company.CompanyName(),
                    chinese ? random.ListItem(ChineseDemo.JobTitles.ToList()) : random.ArrayElement(new[] { "Purchasing manager", "IT director", "CEO", "Operations" }),
                    $"lead{i}@prospect{i}.example.cn", $"+86 15{random.Int(0, 9)} {random.Int(1000, 9999)} {i:0000}", random.ArrayElement(industries),
                    random.ArrayElement(Territories), null, null, accounts[random.Int(0, accounts.Count - 1)].BranchId),
                capture == LeadCapture.WebForm ? SourceChannelCodes.Website : campaign is not null ? SourceChannelCodes.Event : random.ArrayElement(Sources),
                capture, campaign?.Id, null, "demo", created);
            if (owners.Count > 0 && random.Int(0, 9) > 0)
            {
                data.Assignments.Add(lead.Assign(random.ArrayElement(owners.ToArray()), null, AssignmentStrategy.RoundRobin, "Demo data", null, "demo", created.AddMinutes(1))!);
                if (random.Int(0, 9) < 7)
                {
                    var contacted = Min(created.AddHours(random.Int(1, 48)), now);
                    var followUp = lead.FollowUp(random.Enum<FollowUpChannel>(), Say("Introduced ourselves and asked about their needs", "做了自我介绍，了解了客户需求"), contacted, null, "demo", contacted);
                    followUp.DequeueIntegrationEvents();
                    data.FollowUps.Add(followUp);
                }

                if (random.Int(0, 9) == 0)
                {
                    lead.Disqualify(Say("No budget this year", "今年没有预算"), "demo", now);
                }
            }
            else
            {
                data.Assignments.Add(lead.Assign(null, "Unassigned leads", AssignmentStrategy.Queue, "Demo data", null, "demo", created.AddMinutes(1))!);
            }

            lead.DequeueIntegrationEvents();
            data.Leads.Add(lead);
        }

        return data;
    }

    /// <summary>A line as the catalogue prices it: the demo catalogue's code, name, list price, unit, tax rate and standard cost.</summary>
    private static PricedLineDetails CatalogueLine(ChineseDemo.Product product, int quantity, decimal discount) =>
        new(product.Code, product.Name, quantity, product.Price, discount, product.TaxRate, false, product.Unit, product.Cost);

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
