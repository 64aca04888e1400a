using System.Net;
using Crm.BuildingBlocks.Identity;
using Crm.Funnel.Tests.Support;
using Crm.TestKit;
using Staff = Crm.Funnel.Tests.Support.InMemoryStaffDirectory;

namespace Crm.Funnel.Tests.Features;

/// <summary>The leads export: the list's filters and visibility, the import's columns, CSV or Excel, and back again.</summary>
public sealed class LeadExportTests : IDisposable
{
    private readonly FunnelApp _app = new();

    [Fact]
    public async Task A_salesperson_exports_only_the_leads_they_see_and_the_workbook_imports_into_another_installation()
    {
        await _app.CreateLeadAsync(FunnelApp.NewLead(ownerId: Staff.User1));
        await _app.CreateLeadAsync(FunnelApp.NewLead(ownerId: Staff.User2));
        using var user1 = _app.App.CreateClientAs(Staff.User1, CrmRoles.Sales);

        var csv = await (await (await user1.GetAsync("/api/funnel/leads/export?mine=true")).ShouldHave(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("name,company,jobTitle,email,phone,industry,territory,city,notes,branchId,source,ownerId", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.EndsWith(Staff.User1.ToString(), lines[1]);

        // Everything the administrator sees, as a workbook; imported elsewhere, the same leads come back.
        var all = await (await _app.Client.GetAsync("/api/funnel/leads/export")).Content.ReadAsStringAsync();
        var workbook = await (await (await _app.Client.GetAsync("/api/funnel/leads/export?format=xlsx")).ShouldHave(HttpStatusCode.OK)).Content.ReadAsByteArrayAsync();
        using var other = new FunnelApp();
        var import = await other.Client.PostAsync("/api/funnel/leads/import",
            new ByteArrayContent(workbook) { Headers = { ContentType = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") } });
        var report = await (await import.ShouldHave(HttpStatusCode.OK)).ReadJson();
        Assert.Equal(2, report.GetProperty("imported").GetInt32());
        var again = await (await other.Client.GetAsync("/api/funnel/leads/export")).Content.ReadAsStringAsync();
        // Newest first in both; the imported leads were created in the same instant, so compare the rows as a set.
        Assert.Equal(Rows(all), Rows(again));

        await (await user1.GetAsync("/api/funnel/leads/export?status=Nonsense")).ShouldHave(HttpStatusCode.BadRequest);
        await (await user1.GetAsync("/api/funnel/leads/export?format=pdf")).ShouldHave(HttpStatusCode.BadRequest);
    }

    private static string[] Rows(string csv) => csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray();

    public void Dispose() => _app.Dispose();
}
