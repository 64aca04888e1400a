using Bogus;
using Crm.Accounts.Domain;
using Crm.Accounts.Persistence;
using Crm.BuildingBlocks.Demo;
using Crm.BuildingBlocks.PublicApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.Accounts.Demo;

/// <summary>
/// Fills an empty Accounts store with a few hundred realistic customers and partners (Demo:Seed=true), so a first
/// run shows a working CRM. It never touches a store that already has accounts.
/// </summary>
internal sealed class AccountsDemoSeeder(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, ILogger<AccountsDemoSeeder> logger) : IHostedService
{
    internal const int CustomerCount = 320;

    internal const string SeedJob = "accounts-demo-seed";

    /// <summary>Demo staff ids; the identity module's demo users use the same ids.</summary>
    internal static readonly Guid[] DemoOwners =
    [
        Guid.Parse("5a1e0000-0000-4000-8000-000000000001"),
        Guid.Parse("5a1e0000-0000-4000-8000-000000000002"),
        Guid.Parse("5a1e0000-0000-4000-8000-000000000003"),
        Guid.Parse("5a1e0000-0000-4000-8000-000000000004"),
        Guid.Parse("5a1e0000-0000-4000-8000-000000000005"),
        Guid.Parse("5a1e0000-0000-4000-8000-000000000006"),
    ];

    internal static readonly Guid[] DemoBranches =
    [
        Guid.Parse("b2a0c000-0000-4000-8000-000000000001"),
        Guid.Parse("b2a0c000-0000-4000-8000-000000000002"),
        Guid.Parse("b2a0c000-0000-4000-8000-000000000003"),
    ];

    private static readonly string[] Cities = ["Shanghai", "Beijing", "Shenzhen", "Guangzhou", "Hangzhou", "Chengdu", "Wuhan", "Nanjing", "Suzhou", "Tianjin"];

    // Codes of the shipped dictionaries (ADR 0125): records hold codes, pages show the labels.
    private static readonly string[] Industries = ChineseDemo.Industries.Select(i => i.Code).ToArray();

    private static readonly string[] Sources =
        ["Telephone", "Fax", "Email", "Sms", "Visit", "Media", "Website", "Event", "Referral", SourceChannelCodes.OwnDevelopment];

    private static readonly string[] CustomerLevels = ["strategic", "key", "regular", "minor"];

    private static readonly string[] TagPool = ["key-account", "golden", "price-sensitive", "trade-show-2026", "referral", "export", "government"];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        if (await db.IsDoneAsync(SeedJob, cancellationToken) || await db.Accounts.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var accounts = Generate(now, DemoCulture.IsChinese(configuration), out var history, out var interactions);
        db.Accounts.AddRange(accounts);

        db.StageChanges.AddRange(history);
        db.Interactions.AddRange(interactions);
        db.MarkDone(SeedJob);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Another host starting on the same store seeded first, so this attempt rolled back whole (on the marker's
            // key, or on a busy database while the other host wrote); if nobody seeded, it is a real failure.
            if (!await db.IsDoneAsync(SeedJob, cancellationToken))
            {
                throw;
            }

            logger.LogInformation("Demo accounts were seeded by another host");
            return;
        }

        logger.LogInformation("Seeded {Count} demo accounts", CustomerCount);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The English demo's texts, kept for an English-speaking audience (<c>Demo:Culture=en</c>; ADR 0113).</summary>
    private static readonly string[] EnglishTitles = ["Purchasing manager", "CEO", "Engineer", "Finance", "Sales director"];

    private static readonly string[] EnglishSubjects =
        ["Introduced the new product line", "Discussed the annual contract", "Followed up on the quote", "Site visit with engineers", "Collected feedback on delivery"];

    private static readonly string[] EnglishLostReasons = ["Chose a competitor", "No budget", "Project cancelled", "Price too high"];

    private static readonly string[] ChineseSubjects = ["介绍了新产品线", "洽谈年度采购合同", "跟进报价单", "陪同工程师现场考察", "收集交付反馈"];

    private static readonly string[] ChineseLostReasons = ["选择了竞争对手", "没有预算", "项目取消", "价格太高"];

    internal static List<Account> Generate(DateTime now, out List<StageChange> history, out List<Interaction> interactions) =>
        Generate(now, chinese: true, out history, out interactions);

    internal static List<Account> Generate(DateTime now, bool chinese, out List<StageChange> history, out List<Interaction> interactions)
    {
        // A fixed seed gives every installation the same demo data, so guides and screenshots stay true.
        var random = new Randomizer(20261122);
        var en = new Faker("en") { Random = random };
        var zh = new Faker("zh_CN") { Random = random };
        var accounts = new List<Account>();
        history = [];
        interactions = [];
        var stages = Enum.GetValues<LifecycleStage>();
        for (var i = 0; i < CustomerCount; i++)
        {
            var isPerson = random.Int(0, 9) == 0;
            var isPartner = !isPerson && random.Int(0, 7) == 0;
            var created = now.AddDays(-random.Int(1, 720)).AddMinutes(-random.Int(0, 1440));
            var company = ChineseDemo.Company(i, n => random.Int(0, n - 1));
            var region = company.Region;
            var name = isPerson ? zh.Name.LastName() + zh.Name.FirstName() : chinese ? company.Name : en.Company.CompanyName();
            var domain = en.Internet.DomainWord() + i + ".example.cn";
            var details = new AccountDetails(
                name,
                isPerson ? AccountKind.Person : AccountKind.Company,
                isPartner ? AccountType.Partner : AccountType.Customer,
                isPartner ? random.Enum<PartnerType>() : null,
                random.ArrayElement(Sources),
                isPerson ? null : chinese ? company.Industry.Code : random.ArrayElement(Industries),
                isPerson ? null : $"91{random.Int(110000, 659999)}{random.Replace("##########").ToUpperInvariant()}",
                isPerson ? $"user{i}@mail.example.cn" : $"contact@{domain}",
                isPerson || !chinese ? $"+86 1{random.Int(30, 99)} {random.Int(1000, 9999)} {i:0000}" : ChineseDemo.Landline(region, n => random.Int(0, n - 1)),
                isPerson ? null : "https://www." + domain,
                chinese ? region.ShortCity : random.ArrayElement(Cities),
                chinese ? ChineseDemo.Address(region, n => random.Int(0, n - 1)) : null,
                null,
                random.ArrayElement(DemoBranches),
                random.Int(0, 40) * 25_000m,
                random.WeightedRandom([CreditStatus.Normal, CreditStatus.Good, CreditStatus.Warning, CreditStatus.Blocked], [0.6f, 0.25f, 0.1f, 0.05f]),
                random.ListItems(TagPool, random.Int(0, 2)).ToList(),
                Currencies.DefaultCompanyCurrency)
            {
                CustomerLevel = isPerson ? null : random.ArrayElement(CustomerLevels),
            };
            var owner = random.Int(0, 19) == 0 ? (Guid?)null : random.ArrayElement(DemoOwners);
            var account = Account.Create(details, LifecycleStage.ToIdentify, owner, "demo", created);
            history.Add(account.InitialStageChange());

            var target = random.WeightedRandom(stages, [0.15f, 0.25f, 0.2f, 0.2f, 0.12f, 0.08f]);
            var at = created;
            foreach (var stage in stages.Where(s => s != LifecycleStage.ToIdentify && s != LifecycleStage.Lost && s <= target))
            {
                at = at.AddDays(random.Int(1, 30));
                history.Add(account.ChangeStage(stage, null, "demo", Min(at, now)));
            }

            if (target == LifecycleStage.Lost)
            {
                history.Add(account.ChangeStage(LifecycleStage.Lost, random.ArrayElement(chinese ? ChineseLostReasons : EnglishLostReasons), "demo", Min(at.AddDays(3), now)));
            }

            if (!isPerson)
            {
                for (var c = 0; c < random.Int(1, 3); c++)
                {
                    account.AddContact(
                        new ContactDetails(zh.Name.LastName() + zh.Name.FirstName(), chinese ? random.ListItem(ChineseDemo.JobTitles.ToList()) : random.ArrayElement(EnglishTitles),
                            $"p{c}.{i}@{domain}", chinese ? "+86 " + ChineseDemo.Mobile(n => random.Int(0, n - 1)) : $"+86 1{random.Int(30, 99)} {random.Int(1000, 9999)} {random.Int(1000, 9999)}", c == 0),
                        "demo", created);
                }
            }

            for (var n = 0; n < random.Int(0, 4); n++)
            {
                var occurred = Min(created.AddDays(random.Int(0, 700)), now.AddHours(-1));
                interactions.Add(account.LogInteraction(
                    null, random.Enum<InteractionChannel>(), random.ArrayElement(chinese ? ChineseSubjects : EnglishSubjects),
                    occurred, null, "demo", now));
            }

            // Demo history is not news: no AccountCreated events, so no workflow fires for seeded records.
            account.DequeueIntegrationEvents();
            accounts.Add(account);
        }

        return accounts;
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
