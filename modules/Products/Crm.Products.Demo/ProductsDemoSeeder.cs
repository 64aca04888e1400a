using Crm.BuildingBlocks.Demo;
using Crm.BuildingBlocks.Persistence;
using Crm.BuildingBlocks.PublicApi;
using Crm.Products.Domain;
using Crm.Products.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.Products.Demo;

/// <summary>
/// Fills an empty catalogue with the demo products of a machine-tool distributor (ChineseDemo.Products: 30 products and
/// services in four categories), in Chinese or, with <c>Demo:Culture=en</c>, with English names (ADR 0113).
/// </summary>
internal sealed class ProductsDemoSeeder(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, ILogger<ProductsDemoSeeder> logger) : IHostedService
{
    internal const string SeedJob = "products-demo-seed";

    /// <summary>English names for an English-speaking demo audience, by product code and by category name.</summary>
    private static readonly Dictionary<string, string> English = new()
    {
        ["机床"] = "Machine tools", ["数控车床"] = "CNC lathes", ["加工中心"] = "Machining centres", ["磨床"] = "Grinders", ["自动化"] = "Automation",
        ["控制器"] = "Controllers", ["人机界面"] = "HMI panels", ["伺服系统"] = "Servo systems", ["变频器"] = "Inverters", ["备件耗材"] = "Spares and consumables",
        ["刀具"] = "Cutting tools", ["备件"] = "Spare parts", ["润滑油品"] = "Lubricants", ["服务"] = "Services", ["安装调试"] = "Installation",
        ["培训"] = "Training", ["维保"] = "Maintenance", ["改造"] = "Retrofits", ["物流"] = "Freight",
    };

    private static readonly Dictionary<string, string> EnglishNames = new()
    {
        ["CK6140"] = "CNC lathe CK6140",
        ["CK6150"] = "CNC lathe CK6150",
        ["CK6163"] = "Heavy CNC lathe CK6163",
        ["VMC850"] = "Vertical machining centre VMC850",
        ["VMC1160"] = "Vertical machining centre VMC1160",
        ["HMC630"] = "Horizontal machining centre HMC630",
        ["M1432"] = "Universal cylindrical grinder M1432",
        ["MK7130"] = "CNC surface grinder MK7130",
        ["PLC-S200"] = "PLC S200",
        ["PLC-S1500"] = "PLC S1500",
        ["HMI-7"] = "7-inch touch panel",
        ["HMI-12"] = "12-inch touch panel",
        ["SRV-750"] = "AC servo motor 750 W",
        ["SRV-2K"] = "AC servo motor 2 kW",
        ["INV-7K5"] = "Inverter 7.5 kW",
        ["INV-22K"] = "Inverter 22 kW",
        ["TL-CNMG"] = "Turning inserts CNMG120408",
        ["TL-EM10"] = "Solid carbide end mill 10 mm",
        ["TL-DR8"] = "Drill 8 mm",
        ["SP-BRG"] = "Spindle bearing set",
        ["SP-BALL"] = "Ball screw 32×10",
        ["SP-GUIDE"] = "Linear guide HGH25",
        ["OIL-68"] = "Way oil 68 (18 l)",
        ["OIL-CUT"] = "Water-soluble coolant (200 l)",
        ["SV-INST"] = "Installation and commissioning",
        ["SV-TRAIN"] = "Operator and programming training",
        ["SV-MAINT"] = "Annual maintenance",
        ["SV-REPAIR"] = "On-site repair",
        ["SV-RETRO"] = "CNC retrofit of an old machine",
        ["SV-FREIGHT"] = "Freight and insurance",
    };

    private static readonly Dictionary<string, string> EnglishUnits = new() { ["台"] = "unit", ["套"] = "set", ["盒"] = "box", ["支"] = "pc", ["根"] = "pc", ["桶"] = "drum", ["次"] = "visit", ["人天"] = "person-day", ["年"] = "year" };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProductsDbContext>();
        if (await db.IsDoneAsync(SeedJob, cancellationToken) || await db.Products.AnyAsync(cancellationToken))
        {
            return;
        }

        var (categories, products) = Generate(clock.GetUtcNow().UtcDateTime, DemoCulture.IsChinese(configuration));
        db.Categories.AddRange(categories);
        db.Products.AddRange(products);
        db.MarkDone(SeedJob);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Another host seeded first and this attempt rolled back whole; if nobody seeded, it is a real failure.
            if (!await db.IsDoneAsync(SeedJob, cancellationToken))
            {
                throw;
            }

            logger.LogInformation("Demo products were seeded by another host");
            return;
        }

        logger.LogInformation("Seeded {Count} demo products", products.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal static (List<ProductCategory> Categories, List<Product> Products) Generate(DateTime now, bool chinese)
    {
        string Text(string zh) => chinese ? zh : English.GetValueOrDefault(zh, zh);
        var categories = new Dictionary<string, ProductCategory>();
        ProductCategory Category(string name, ProductCategory? parent)
        {
            var key = (parent?.Name ?? "") + "/" + name;
            if (!categories.TryGetValue(key, out var category))
            {
                category = ProductCategory.Create(Guid.NewGuid(), parent, Text(name), "demo", now);
                categories[key] = category;
            }

            return category;
        }

        var products = ChineseDemo.Products.Select(p => Product.Create(new ProductDetails(
            p.Code, chinese ? p.Name : EnglishNames.GetValueOrDefault(p.Code, p.Name), Enum.Parse<ProductKind>(p.Kind), Category(p.SubCategory, Category(p.Category, null)).Id, chinese ? p.Unit : EnglishUnits.GetValueOrDefault(p.Unit, p.Unit), p.Cost,
            Currencies.DefaultCompanyCurrency, p.TaxRate, true, null,
            new Dictionary<string, decimal> { [Currencies.DefaultCompanyCurrency] = p.Price, ["USD"] = decimal.Round(p.Price / 7m, 0) },
            chinese ? p.Attributes : new Dictionary<string, string>()), "demo", now)).ToList();
        return (categories.Values.ToList(), products);
    }
}
