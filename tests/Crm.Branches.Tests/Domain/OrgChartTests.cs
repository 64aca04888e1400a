using Crm.Branches.Domain;

namespace Crm.Branches.Tests.Domain;

/// <summary>Reports-to follows the unit managers up the tree unless a reporting line overrides it; memberships count on their dates.</summary>
public sealed class OrgChartTests
{
    private static readonly DateOnly Day = new(2026, 6, 1);
    private static readonly Guid Ceo = Guid.NewGuid(), RegionHead = Guid.NewGuid(), BranchHead = Guid.NewGuid(), TeamLead = Guid.NewGuid();
    private static readonly Guid Seller = Guid.NewGuid(), Assistant = Guid.NewGuid();

    private readonly OrgUnit _hq, _region, _branch, _team;

    public OrgChartTests()
    {
        var now = DateTime.UtcNow;
        _hq = OrgUnit.Create(Guid.NewGuid(), null, "HQ", "HQ", Ceo, "Asia/Shanghai", "t", now);
        _region = OrgUnit.Create(Guid.NewGuid(), _hq, "East", "E", RegionHead, "Asia/Shanghai", "t", now);
        _branch = OrgUnit.Create(Guid.NewGuid(), _region, "Shanghai", "SH", BranchHead, "Asia/Shanghai", "t", now);
        _team = OrgUnit.Create(Guid.NewGuid(), _branch, "Team 1", "SH-T1", TeamLead, "Asia/Shanghai", "t", now);
    }

    [Fact]
    public void A_person_reports_to_their_units_manager_and_a_unit_manager_to_the_manager_above()
    {
        var chart = Chart([Member(Seller, _team), Member(TeamLead, _team), Member(BranchHead, _branch), Member(Ceo, _hq)]);

        Assert.Equal([TeamLead, BranchHead, RegionHead, Ceo], chart.ManagerChain(Seller));
        Assert.Equal([BranchHead, RegionHead, Ceo], chart.ManagerChain(TeamLead));
        Assert.Empty(chart.ManagerChain(Ceo));
    }

    [Fact]
    public void A_reporting_line_overrides_the_unit_manager()
    {
        var chart = Chart([Member(Assistant, _team)], [ReportingLine.Create(Assistant, Ceo, "t", DateTime.UtcNow)]);

        Assert.Equal([Ceo], chart.ManagerChain(Assistant));
    }

    [Fact]
    public void Reports_are_everyone_whose_chain_passes_through_the_person()
    {
        var chart = Chart([Member(Seller, _team), Member(TeamLead, _team), Member(BranchHead, _branch)]);

        Assert.Equal(new[] { Seller, TeamLead }.Order(), chart.ReportsOf(BranchHead));
        Assert.Equal([Seller], chart.ReportsOf(TeamLead));
        Assert.Empty(chart.ReportsOf(Seller));
    }

    [Fact]
    public void Only_the_primary_membership_of_the_day_counts()
    {
        var before = Membership.Start(Seller, _branch.Id, new DateOnly(2025, 1, 1), true, "t", DateTime.UtcNow);
        before.EndBefore(Day);
        var after = Membership.Start(Seller, _team.Id, Day, true, "t", DateTime.UtcNow);
        var secondary = Membership.Start(Seller, _hq.Id, new DateOnly(2025, 1, 1), false, "t", DateTime.UtcNow);

        Assert.Equal(_branch.Id, new OrgChart(Units, [before, after, secondary], [], Day.AddDays(-1)).UnitOf(Seller));
        Assert.Equal(_team.Id, new OrgChart(Units, [before, after, secondary], [], Day).UnitOf(Seller));
    }

    [Fact]
    public void Moving_a_unit_rewrites_the_paths_below_it()
    {
        var west = OrgUnit.Create(Guid.NewGuid(), _hq, "West", "W", null, "Asia/Shanghai", "t", DateTime.UtcNow);

        _branch.MoveUnder(west, [_team], "t", DateTime.UtcNow);

        Assert.True(west.Contains(_team));
        Assert.False(_region.Contains(_team));
        Assert.Equal(3, _team.Depth);
        Assert.True(_team.Contains(_team));
        Assert.False(_team.Contains(_branch));
    }

    private IEnumerable<OrgUnit> Units => [_hq, _region, _branch, _team];

    private OrgChart Chart(IEnumerable<Membership> memberships, IEnumerable<ReportingLine>? lines = null) => new(Units, memberships, lines ?? [], Day);

    private static Membership Member(Guid person, OrgUnit unit) => Membership.Start(person, unit.Id, new DateOnly(2025, 1, 1), true, "t", DateTime.UtcNow);
}
